package io.pinpipe.connect.record;

import java.sql.Types;
import java.util.Locale;

/** How a MySQL column type maps onto Connect: one constant per family of types. */
enum ColumnKind {
  INT32,
  INT64,
  FLOAT,
  FLOAT64,
  DECIMAL,
  BOOLEAN,
  STRING,
  DATETIME,
  DATE,
  TIME,
  BYTES;

  /**
   * From the JDBC type and the database's type name (which tells FLOAT from DOUBLE, UNSIGNED, and
   * TINYINT(1) from BIT(1)).
   *
   * <ul>
   *   <li>BIGINT UNSIGNED holds values up to 2^64 - 1, past a signed long: a DECIMAL of scale 0.
   *   <li>TINYINT(1), which is also what BOOLEAN declares, holds any value from -128 to 127 (2,
   *       -1): an integer, as stored. Only BIT(1) is a boolean.
   * </ul>
   */
  static ColumnKind of(int jdbcType, String typeName, int precision) {
    String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
    boolean unsigned = name.contains("UNSIGNED");
    if (name.startsWith("FLOAT")) {
      return FLOAT;
    }
    if (name.startsWith("BOOLEAN") || name.startsWith("TINYINT")) {
      return INT32;
    }
    return switch (jdbcType) {
      case Types.TINYINT, Types.SMALLINT -> INT32;
      case Types.INTEGER -> unsigned ? INT64 : INT32;
      case Types.BIGINT -> unsigned ? DECIMAL : INT64;
      case Types.REAL -> FLOAT;
      case Types.FLOAT, Types.DOUBLE -> FLOAT64;
      case Types.DECIMAL, Types.NUMERIC -> DECIMAL;
      case Types.BIT, Types.BOOLEAN -> precision > 1 ? BYTES : BOOLEAN;
      case Types.DATE -> DATE;
      case Types.TIME -> TIME;
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> DATETIME;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BYTES;
      default -> STRING;
    };
  }
}
