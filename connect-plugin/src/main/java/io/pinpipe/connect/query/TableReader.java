package io.pinpipe.connect.query;

import io.pinpipe.connect.config.TableSpec;
import io.pinpipe.connect.jdbc.TransientErrors;
import io.pinpipe.connect.offset.TableOffset;
import io.pinpipe.connect.offset.TablePartition;
import io.pinpipe.connect.record.RowMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one table page by page from its offset, in key order (or timestamp, key order), and turns
 * the rows into source records that carry the offset after each row. In incrementing mode it
 * holds rows back behind missing keys as {@link GapRule} says, from the very first row.
 */
public final class TableReader {

  private static final Logger LOG = LoggerFactory.getLogger(TableReader.class);
  /** A locking read refused at once: MariaDB's lock wait timeout (NOWAIT), MySQL's ER_LOCK_NOWAIT. */
  private static final Set<Integer> LOCK_NOT_GRANTED = Set.of(1205, 3572);
  /** The probe is not possible here: no NOWAIT syntax (MySQL 5.7), or the user may not lock rows. */
  private static final Set<Integer> PROBE_NOT_ALLOWED = Set.of(1064, 1142, 1227);

  /** What the database said at the start of a poll. */
  public record Clock(LocalDateTime now) {}

  private final TableSpec spec;
  private final TablePartition partition;
  private final TableQueries queries;
  private RowMapper mapper;
  private final GapRule gaps;
  private final int pageSize;
  private final long timestampDelayMs;
  private final Function<Connection, Set<String>> openTransactions;
  private TableOffset offset;
  private Long maxKey;
  /** Set once the locking probe has been refused by the server or for the user. */
  private boolean probeUnavailable;

  /**
   * @param openTransactions reads the server's open transactions; returns null when it cannot
   */
  public TableReader(
      TableSpec spec,
      TablePartition partition,
      TableQueries queries,
      RowMapper mapper,
      boolean autoIncrementKey,
      TableOffset offset,
      int pageSize,
      Duration gapGrace,
      long timestampDelayMs,
      Function<Connection, Set<String>> openTransactions) {
    this.spec = spec;
    this.partition = partition;
    this.queries = queries;
    this.mapper = mapper;
    this.gaps = new GapRule(spec.name(), autoIncrementKey, gapGrace);
    this.pageSize = pageSize;
    this.timestampDelayMs = timestampDelayMs;
    this.openTransactions = openTransactions;
    this.offset = offset;
  }

  public TableSpec spec() {
    return spec;
  }

  public TableOffset offset() {
    return offset;
  }

  /** The highest key seen in the table at the last read, or null. */
  public Long maxKey() {
    return maxKey;
  }

  /**
   * Reads the next page. The reader's offset moves to the page's last record only when the whole
   * page has been read: a read that fails part way leaves it where the last delivered record left
   * it, so the rows it had built are read again, none skipped.
   */
  public List<SourceRecord> read(Connection connection, Clock clock) throws SQLException {
    Page page = spec.timestampMode() ? readByTimestamp(connection, clock) : readByKey(connection, clock);
    offset = page.offsetAfter();
    return page.records();
  }

  /** The records of one page and the offset after its last record. */
  private record Page(List<SourceRecord> records, TableOffset offsetAfter) {}

  private Page readByKey(Connection connection, Clock clock) throws SQLException {
    maxKey = queryMaxKey(connection);
    if (maxKey != null) {
      gaps.observe(clock.now(), maxKey);
    }
    List<SourceRecord> records = new ArrayList<>();
    TableOffset next = offset;
    boolean first = next.lastKey() == null;
    try (PreparedStatement page = connection.prepareStatement(first ? queries.firstPage() : queries.pageAfter())) {
      if (first) {
        page.setInt(1, pageSize);
      } else {
        page.setLong(1, next.lastKey());
        page.setInt(2, pageSize);
      }
      try (ResultSet rows = page.executeQuery()) {
        followColumns(rows);
        while (rows.next()) {
          long key = mapper.key(rows);
          // Before the first row ever delivered, every lower key is a gap: a transaction may
          // hold key 1 while key 2 is already committed.
          Long last = next.lastKey();
          boolean gap = last == null ? key > Long.MIN_VALUE : key > last + 1;
          if (gap && !mayMovePast(connection, clock, last == null ? Long.MIN_VALUE : last + 1, key - 1, last == null)) {
            break;
          }
          next = next.next(key, null);
          records.add(record(rows, key, next));
        }
      }
    }
    return new Page(records, next);
  }

  private boolean mayMovePast(Connection connection, Clock clock, long from, long to, boolean firstPage) throws SQLException {
    // Without the probe, the transactions are read before the gap is checked: a key committed
    // in between is then seen.
    Set<String> transactions = gaps.needsTransactions(probeUnavailable ? GapRule.Probe.UNAVAILABLE : GapRule.Probe.CLEAN, firstPage)
        ? openTransactions.apply(connection) : null;
    GapRule.Gap gap = gaps.track(from, to, clock.now(), transactions, firstPage);
    if (anyKeyBetween(connection, from, to)) {
      return false;
    }
    boolean probeWasAvailable = !probeUnavailable;
    GapRule.Probe probe = probe(connection, from, to);
    if (probeWasAvailable && probe == GapRule.Probe.UNAVAILABLE) {
      // Found out just now: the transactions were not read first, so wait for the next poll.
      return false;
    }
    return gaps.mayPass(gap, clock.now(), true, probe, transactions);
  }

  /**
   * Reads the gap's keys with a locking read that does not wait ({@code FOR UPDATE NOWAIT}, at
   * READ COMMITTED, so no gap locks): an uncommitted row in the range makes it fail at once with a
   * lock error. Unlike {@code INNODB_TRX}, the server cannot answer it from a cache. It holds no
   * lock past the statement (autocommit), and finds no row when the gap is really empty.
   */
  private GapRule.Probe probe(Connection connection, long from, long to) throws SQLException {
    if (probeUnavailable) {
      return GapRule.Probe.UNAVAILABLE;
    }
    try (PreparedStatement statement = connection.prepareStatement(queries.lockProbe())) {
      statement.setLong(1, from);
      statement.setLong(2, to);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? GapRule.Probe.HELD : GapRule.Probe.CLEAN;
      }
    } catch (SQLException e) {
      if (LOCK_NOT_GRANTED.contains(e.getErrorCode())) {
        return GapRule.Probe.HELD;
      }
      if (PROBE_NOT_ALLOWED.contains(e.getErrorCode())) {
        probeUnavailable = true;
        LOG.warn("{}: the locking probe of missing keys cannot run ({}); falling back to information_schema.INNODB_TRX and"
            + " gap.grace.period.ms. On MySQL 8 grant the connector's user LOCK TABLES on the database.",
            spec.name(), TransientErrors.describe(e));
        return GapRule.Probe.UNAVAILABLE;
      }
      throw e;
    }
  }

  private Page readByTimestamp(Connection connection, Clock clock) throws SQLException {
    List<SourceRecord> records = new ArrayList<>();
    TableOffset next = offset;
    // Only timestamps whose last moment has passed: a DATETIME of whole seconds stamps every
    // change made during 12:00:00.xxx as 12:00:00, so that second is read once it is over, else
    // a change of a lower key later in the same second would fall behind the offset.
    LocalDateTime upperBound = truncate(clock.now().minusNanos(timestampDelayMs * 1_000_000), mapper.timestampFractionDigits());
    LocalDateTime lastTimestamp = next.lastTimestamp() == null ? LocalDateTime.of(1000, 1, 1, 0, 0) : next.lastTimestamp();
    long lastKey = next.lastKey() == null ? Long.MIN_VALUE : next.lastKey();
    try (PreparedStatement page = connection.prepareStatement(queries.timestampPage())) {
      page.setTimestamp(1, Timestamp.valueOf(upperBound));
      page.setTimestamp(2, Timestamp.valueOf(lastTimestamp));
      page.setTimestamp(3, Timestamp.valueOf(lastTimestamp));
      page.setLong(4, lastKey);
      page.setInt(5, pageSize);
      try (ResultSet rows = page.executeQuery()) {
        followColumns(rows);
        while (rows.next()) {
          long key = mapper.key(rows);
          next = next.next(key, mapper.timestamp(rows));
          records.add(record(rows, key, next));
        }
      }
    }
    maxKey = queryMaxKey(connection);
    return new Page(records, next);
  }

  /** {@code time} cut to {@code digits} digits of a second. */
  static LocalDateTime truncate(LocalDateTime time, int digits) {
    long unit = (long) Math.pow(10, 9 - digits);
    return time.withNano((int) (time.getNano() - time.getNano() % unit));
  }

  /**
   * Maps the page by the columns it really has: after {@code ALTER TABLE} the value schema
   * follows the table, column by name. A dropped key or timestamp column fails the read, naming it.
   */
  private void followColumns(ResultSet rows) throws SQLException {
    RowMapper current = mapper.forColumns(rows.getMetaData());
    if (current != mapper) {
      LOG.info("{}: columns changed from {} to {}; records now carry the new schema",
          spec.name(), mapper.describeColumns(), current.describeColumns());
      mapper = current;
    }
  }

  private SourceRecord record(ResultSet row, long key, TableOffset after) throws SQLException {
    return new SourceRecord(
        partition.toMap(), after.toMap(), spec.topic(), null,
        mapper.keySchema(), mapper.keyValue(key), mapper.valueSchema(), mapper.value(row));
  }

  private boolean anyKeyBetween(Connection connection, long from, long to) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(queries.anyKeyBetween())) {
      statement.setLong(1, from);
      statement.setLong(2, to);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private Long queryMaxKey(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(queries.maxKey());
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      long value = rows.getLong(1);
      return rows.wasNull() ? null : value;
    }
  }

  /** Reads the open transactions, or null when the user lacks the PROCESS privilege. */
  public static Set<String> openTransactions(Connection connection) {
    try (PreparedStatement statement = connection.prepareStatement(TableQueries.openTransactions());
        ResultSet rows = statement.executeQuery()) {
      Set<String> ids = new HashSet<>();
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
      return ids;
    } catch (SQLException e) {
      return null;
    }
  }
}
