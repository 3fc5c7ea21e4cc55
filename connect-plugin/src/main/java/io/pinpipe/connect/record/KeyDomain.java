package io.pinpipe.connect.record;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How a table's integer keys map onto the signed 64-bit longs that pages, gaps and offsets are
 * reckoned in, keeping their order. Signed keys are themselves. A BIGINT UNSIGNED key runs from 0
 * to 2^64 - 1: its 64 bits with the top bit flipped give a long in the same order (0 becomes
 * Long.MIN_VALUE, 2^64 - 1 becomes Long.MAX_VALUE), so every comparison, range and "next key" works
 * unchanged. Offsets store the key's own bits, not the flipped ones, so an offset written before
 * this mapping existed (keys below 2^63) reads the same.
 */
public enum KeyDomain {
  SIGNED,
  UNSIGNED_64;

  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

  /** The key in column {@code column} of the current row, as an order-keeping long. */
  public long read(ResultSet rows, int column) throws SQLException {
    if (this == SIGNED) {
      return rows.getLong(column);
    }
    BigDecimal value = rows.getBigDecimal(column);
    return value == null ? 0 : fromUnsigned(value.toBigIntegerExact());
  }

  /** Binds an order-keeping long as the key's own value. */
  public void bind(PreparedStatement statement, int index, long key) throws SQLException {
    if (this == SIGNED) {
      statement.setLong(index, key);
    } else {
      statement.setBigDecimal(index, new BigDecimal(Long.toUnsignedString(key ^ Long.MIN_VALUE)));
    }
  }

  /** The order-keeping long of a key as an offset stores it (the key's own 64 bits). */
  public long fromStored(long stored) {
    return this == SIGNED ? stored : stored ^ Long.MIN_VALUE;
  }

  /** The key's own 64 bits, as an offset stores them. */
  public long toStored(long key) {
    return this == SIGNED ? key : key ^ Long.MIN_VALUE;
  }

  /** The key as the database writes it. */
  public String text(long key) {
    return this == SIGNED ? Long.toString(key) : Long.toUnsignedString(key ^ Long.MIN_VALUE);
  }

  /** The key's value, for a Decimal key schema (unsigned) . */
  public BigDecimal decimal(long key) {
    return new BigDecimal(text(key));
  }

  private static long fromUnsigned(BigInteger value) {
    if (value.signum() < 0 || value.compareTo(TWO_TO_64) >= 0) {
      throw new ArithmeticException("not a BIGINT UNSIGNED value: " + value);
    }
    return value.longValue() ^ Long.MIN_VALUE;
  }
}
