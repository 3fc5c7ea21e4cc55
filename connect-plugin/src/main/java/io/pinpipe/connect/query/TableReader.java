package io.pinpipe.connect.query;

import io.pinpipe.connect.config.TableSpec;
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
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads one table page by page from its offset, in key order (or timestamp, key order), and turns
 * the rows into source records that carry the offset after each row. In incrementing mode it
 * holds rows back behind missing keys as {@link GapRule} says.
 */
public final class TableReader {

  /** What the database said at the start of a poll. */
  public record Clock(LocalDateTime now) {}

  private final TableSpec spec;
  private final TablePartition partition;
  private final TableQueries queries;
  private final RowMapper mapper;
  private final GapRule gaps;
  private final int pageSize;
  private final long timestampDelayMs;
  private final Function<Connection, Set<String>> openTransactions;
  private TableOffset offset;
  private Long maxKey;

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

  /** Reads the next page; the records' offsets advance as they are returned. */
  public List<SourceRecord> read(Connection connection, Clock clock) throws SQLException {
    return spec.timestampMode() ? readByTimestamp(connection, clock) : readByKey(connection, clock);
  }

  private List<SourceRecord> readByKey(Connection connection, Clock clock) throws SQLException {
    maxKey = queryMaxKey(connection);
    if (maxKey != null) {
      gaps.observe(clock.now(), maxKey);
    }
    List<SourceRecord> records = new ArrayList<>();
    boolean first = offset.lastKey() == null;
    try (PreparedStatement page = connection.prepareStatement(first ? queries.firstPage() : queries.pageAfter())) {
      if (first) {
        page.setInt(1, pageSize);
      } else {
        page.setLong(1, offset.lastKey());
        page.setInt(2, pageSize);
      }
      try (ResultSet rows = page.executeQuery()) {
        while (rows.next()) {
          long key = mapper.key(rows);
          if (offset.lastKey() != null && key > offset.lastKey() + 1 && !mayMovePast(connection, clock, offset.lastKey() + 1, key - 1)) {
            break;
          }
          records.add(record(rows, key, null));
        }
      }
    }
    return records;
  }

  private boolean mayMovePast(Connection connection, Clock clock, long from, long to) throws SQLException {
    Set<String> transactions = openTransactions.apply(connection);
    GapRule.Gap gap = gaps.track(from, to, clock.now(), transactions);
    // The gap is checked after the transactions are read: a key committed in between is seen.
    return gaps.mayPass(gap, clock.now(), transactions, !anyKeyBetween(connection, from, to));
  }

  private List<SourceRecord> readByTimestamp(Connection connection, Clock clock) throws SQLException {
    List<SourceRecord> records = new ArrayList<>();
    LocalDateTime upperBound = clock.now().minusNanos(timestampDelayMs * 1_000_000);
    LocalDateTime lastTimestamp = offset.lastTimestamp() == null ? LocalDateTime.of(1000, 1, 1, 0, 0) : offset.lastTimestamp();
    long lastKey = offset.lastKey() == null ? Long.MIN_VALUE : offset.lastKey();
    try (PreparedStatement page = connection.prepareStatement(queries.timestampPage())) {
      page.setTimestamp(1, Timestamp.valueOf(upperBound));
      page.setTimestamp(2, Timestamp.valueOf(lastTimestamp));
      page.setTimestamp(3, Timestamp.valueOf(lastTimestamp));
      page.setLong(4, lastKey);
      page.setInt(5, pageSize);
      try (ResultSet rows = page.executeQuery()) {
        while (rows.next()) {
          long key = mapper.key(rows);
          records.add(record(rows, key, mapper.timestamp(rows)));
        }
      }
    }
    maxKey = queryMaxKey(connection);
    return records;
  }

  private SourceRecord record(ResultSet row, long key, LocalDateTime timestamp) throws SQLException {
    offset = offset.next(key, timestamp);
    Map<String, Object> sourceOffset = offset.toMap();
    return new SourceRecord(
        partition.toMap(), sourceOffset, spec.topic(), null,
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
