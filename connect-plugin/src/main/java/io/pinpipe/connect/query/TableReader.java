package io.pinpipe.connect.query;

import io.pinpipe.connect.config.TableSpec;
import io.pinpipe.connect.jdbc.TransientErrors;
import io.pinpipe.connect.offset.TableOffset;
import io.pinpipe.connect.offset.TablePartition;
import io.pinpipe.connect.record.KeyDomain;
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
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one table page by page from its offset, in key order (or timestamp, key order), and turns
 * the rows into source records that carry the offset after each row. In incrementing mode it holds
 * rows back behind missing keys as {@link GapRule} says, from the very first row.
 */
public final class TableReader {

  private static final Logger LOG = LoggerFactory.getLogger(TableReader.class);

  /**
   * A locking read refused at once: MariaDB's lock wait timeout (NOWAIT), MySQL's ER_LOCK_NOWAIT.
   */
  private static final Set<Integer> LOCK_NOT_GRANTED = Set.of(1205, 3572);

  /**
   * The probe is not possible here: no NOWAIT syntax (MySQL 5.7), or the user may not lock rows.
   */
  private static final Set<Integer> PROBE_NOT_ALLOWED = Set.of(1064, 1142, 1227);

  /**
   * How soon a task reads again a table whose read stopped at a settling gap: the settle, and a
   * margin for clock skew.
   */
  public static final long SETTLE_RETRY_MS = GapRule.SETTLE.toMillis() + 50;

  /**
   * At most this many gaps after the one the reader waits at are probed per read: bounded work per
   * poll.
   */
  private static final int MAX_LOOK_AHEAD = 200;

  /** What the database said at the start of a poll. */
  public record Clock(LocalDateTime now) {}

  private final TableSpec spec;
  private final TablePartition partition;
  private final TableQueries queries;
  private RowMapper mapper;
  private final GapRule gaps;
  private final int pageSize;
  private final Duration recheckHorizon;
  private final long timestampDelayMs;
  private final Function<Connection, Set<String>> openTransactions;
  private TableOffset offset;
  private Long maxKey;

  /** Set once the locking probe has been refused by the server or for the user. */
  private boolean probeUnavailable;

  /** Whether the last read stopped at a gap that only waits for its second clean probe. */
  private boolean settling;

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
      Duration recheckHorizon,
      long timestampDelayMs,
      Function<Connection, Set<String>> openTransactions) {
    this.spec = spec;
    this.partition = partition;
    this.queries = queries;
    this.mapper = mapper;
    this.gaps = new GapRule(spec.name(), autoIncrementKey, gapGrace, mapper.keyDomain()::text);
    this.recheckHorizon = recheckHorizon;
    this.pageSize = pageSize;
    this.timestampDelayMs = timestampDelayMs;
    this.openTransactions = openTransactions;
    // Kept as order-keeping longs (KeyDomain); stored as the keys' own bits.
    this.offset = offset.mapKeys(mapper.keyDomain()::fromStored);
  }

  public TableSpec spec() {
    return spec;
  }

  /** Where the reader is, as an offset stores it. */
  public TableOffset offset() {
    return stored(offset);
  }

  private TableOffset stored(TableOffset internal) {
    // Signed keys are their own bits: no copy of the offset for every record of a page.
    return keys() == KeyDomain.SIGNED ? internal : internal.mapKeys(keys()::toStored);
  }

  private KeyDomain keys() {
    return mapper.keyDomain();
  }

  /**
   * Whether the last read stopped at a gap that nothing holds, which passes once a second probe,
   * {@link GapRule#SETTLE} later, finds it still clean: read again that soon, not a poll interval
   * later, or a busy table's rollback gaps are passed one poll at a time.
   */
  public boolean settling() {
    return settling;
  }

  /** The highest key seen in the table at the last read, as an offset stores keys, or null. */
  public Long maxKey() {
    return maxKey == null ? null : keys().toStored(maxKey);
  }

  /**
   * Reads the next page. The reader's offset moves to the page's last record only when the whole
   * page has been read: a read that fails part way leaves it where the last delivered record left
   * it, so the rows it had built are read again, none skipped.
   */
  public List<SourceRecord> read(Connection connection, Clock clock) throws SQLException {
    Page page =
        spec.timestampMode() ? readByTimestamp(connection, clock) : readByKey(connection, clock);
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
    settling = false;
    boolean first = next.lastKey() == null;
    if (!first) {
      gaps.forgetUpTo(next.lastKey());
    }
    next = recheckPassed(connection, clock, next, records);
    try (PreparedStatement page =
        connection.prepareStatement(first ? queries.firstPage() : queries.pageAfter())) {
      if (first) {
        page.setInt(1, pageSize);
      } else {
        keys().bind(page, 1, next.lastKey());
        page.setInt(2, pageSize);
      }
      try (ResultSet rows = page.executeQuery()) {
        followColumns(rows);
        Long waitingAfter = null;
        int lookedAhead = 0;
        while (rows.next()) {
          long key = mapper.key(rows);
          if (waitingAfter != null) {
            // Held at an earlier gap: the later gaps of the page start gathering their evidence
            // now, so that the next poll passes every one that has settled, not just the first.
            if (key > waitingAfter + 1 && lookedAhead++ < MAX_LOOK_AHEAD) {
              watch(connection, clock, waitingAfter + 1, key - 1);
            }
            waitingAfter = key;
            continue;
          }
          // Before the first row ever delivered, every lower key is a gap: a transaction may
          // hold key 1 while key 2 is already committed.
          Long last = next.lastKey();
          boolean gap = last == null ? key > Long.MIN_VALUE : key > last + 1;
          long from = last == null ? Long.MIN_VALUE : last + 1;
          Passage passage =
              gap ? mayMovePast(connection, clock, from, key - 1, last == null) : Passage.PASS;
          if (passage == Passage.WAIT) {
            waitingAfter = key;
            continue;
          }
          if (passage == Passage.PASS_HELD && !recheckHorizon.isZero()) {
            next = keepForRecheck(next, new TableOffset.PassedRange(from, key - 1, clock.now()));
          }
          next = next.next(key, null);
          records.add(record(rows, key, next));
        }
      }
    }
    return new Page(records, next);
  }

  /**
   * Starts watching a gap past the one the reader waits at: tracked, and probed where the probe
   * decides.
   */
  private void watch(Connection connection, Clock clock, long from, long to) throws SQLException {
    if (probeUnavailable) {
      // Without the probe a gap's evidence is the transactions open when it was first seen,
      // which must be read just before it is checked: left to the reader when it gets there.
      return;
    }
    GapRule.Gap gap = gaps.track(from, to, clock.now(), null, false);
    gaps.noteProbe(gap, clock.now(), probe(connection, from, to));
  }

  /** What the reader may do at a gap. */
  private enum Passage {
    WAIT,
    PASS,
    /** Pass, though an open transaction holds a key of the gap: keep the range for re-checking. */
    PASS_HELD
  }

  /**
   * Re-checks the ranges moved past while held: rows committed there since are added to {@code
   * records}, late, each with the offset that no longer lists its key; a range no transaction holds
   * any more, or older than the horizon, is dropped.
   */
  private TableOffset recheckPassed(
      Connection connection, Clock clock, TableOffset next, List<SourceRecord> records)
      throws SQLException {
    for (TableOffset.PassedRange range : next.passed()) {
      if (range.at().plus(recheckHorizon).isBefore(clock.now())) {
        LOG.warn(
            "{}: keys {}..{}, moved past at {} while held, did not commit within gap.recheck.horizon.ms ({});"
                + " no longer re-checked",
            spec.name(),
            keys().text(range.from()),
            keys().text(range.to()),
            range.at(),
            recheckHorizon);
        next = next.withoutWithin(range.from(), range.to());
        continue;
      }
      // The probe comes first: a row committed before it is seen by the read that follows.
      GapRule.Probe probe = probe(connection, range.from(), range.to());
      try (PreparedStatement statement = connection.prepareStatement(queries.rangePage())) {
        keys().bind(statement, 1, range.from());
        keys().bind(statement, 2, range.to());
        statement.setInt(3, pageSize);
        try (ResultSet rows = statement.executeQuery()) {
          followColumns(rows);
          while (rows.next()) {
            long key = mapper.key(rows);
            next = next.withArrived(key);
            records.add(lateRecord(rows, key, next, range));
            LOG.info(
                "{}: key {} committed after the reader moved past it at {}; delivered late",
                spec.name(),
                keys().text(key),
                range.at());
          }
        }
      }
      if (probe == GapRule.Probe.CLEAN) {
        next = next.withoutWithin(range.from(), range.to());
      }
    }
    return next;
  }

  private TableOffset keepForRecheck(TableOffset next, TableOffset.PassedRange range) {
    if (next.passed().size() >= TableOffset.MAX_PASSED) {
      TableOffset.PassedRange dropped = next.passed().get(0);
      LOG.warn(
          "{}: more than {} ranges are held open past the grace period; keys {}..{} (moved past at {}) are no longer"
              + " re-checked",
          spec.name(),
          TableOffset.MAX_PASSED,
          keys().text(dropped.from()),
          keys().text(dropped.to()),
          dropped.at());
    }
    LOG.info(
        "{}: keys {}..{} are held by an open transaction; re-checking them until {}",
        spec.name(),
        keys().text(range.from()),
        keys().text(range.to()),
        range.at().plus(recheckHorizon));
    return next.withPassed(range);
  }

  private Passage mayMovePast(
      Connection connection, Clock clock, long from, long to, boolean firstPage)
      throws SQLException {
    // Without the probe, the transactions are read before the gap is checked: a key committed
    // in between is then seen.
    Set<String> transactions =
        gaps.needsTransactions(
                probeUnavailable ? GapRule.Probe.UNAVAILABLE : GapRule.Probe.CLEAN, firstPage)
            ? openTransactions.apply(connection)
            : null;
    GapRule.Gap gap = gaps.track(from, to, clock.now(), transactions, firstPage);
    if (anyKeyBetween(connection, from, to)) {
      return Passage.WAIT;
    }
    boolean probeWasAvailable = !probeUnavailable;
    GapRule.Probe probe = probe(connection, from, to);
    if (probeWasAvailable && probe == GapRule.Probe.UNAVAILABLE) {
      // Found out just now: the transactions were not read first, so wait for the next poll.
      return Passage.WAIT;
    }
    if (!gaps.mayPass(gap, clock.now(), true, probe, transactions)) {
      settling = probe == GapRule.Probe.CLEAN;
      return Passage.WAIT;
    }
    return probe == GapRule.Probe.HELD ? Passage.PASS_HELD : Passage.PASS;
  }

  /**
   * Reads the gap's keys with a locking read that does not wait ({@code FOR UPDATE NOWAIT}, at READ
   * COMMITTED, so no gap locks): an uncommitted row in the range makes it fail at once with a lock
   * error. Unlike {@code INNODB_TRX}, the server cannot answer it from a cache. It holds no lock
   * past the statement (autocommit), and finds no row when the gap is really empty.
   */
  private GapRule.Probe probe(Connection connection, long from, long to) throws SQLException {
    if (probeUnavailable) {
      return GapRule.Probe.UNAVAILABLE;
    }
    try (PreparedStatement statement = connection.prepareStatement(queries.lockProbe())) {
      keys().bind(statement, 1, from);
      keys().bind(statement, 2, to);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? GapRule.Probe.HELD : GapRule.Probe.CLEAN;
      }
    } catch (SQLException e) {
      if (LOCK_NOT_GRANTED.contains(e.getErrorCode())) {
        return GapRule.Probe.HELD;
      }
      if (PROBE_NOT_ALLOWED.contains(e.getErrorCode())) {
        probeUnavailable = true;
        LOG.warn(
            "{}: the locking probe of missing keys cannot run ({}); falling back to information_schema.INNODB_TRX and"
                + " gap.grace.period.ms. On MySQL 8 grant the connector's user LOCK TABLES on the database.",
            spec.name(),
            TransientErrors.describe(e));
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
    LocalDateTime upperBound =
        truncate(
            clock.now().minusNanos(timestampDelayMs * 1_000_000), mapper.timestampFractionDigits());
    LocalDateTime lastTimestamp =
        next.lastTimestamp() == null ? LocalDateTime.of(1000, 1, 1, 0, 0) : next.lastTimestamp();
    long lastKey = next.lastKey() == null ? Long.MIN_VALUE : next.lastKey();
    try (PreparedStatement page = connection.prepareStatement(queries.timestampPage())) {
      page.setTimestamp(1, Timestamp.valueOf(upperBound));
      page.setTimestamp(2, Timestamp.valueOf(lastTimestamp));
      page.setTimestamp(3, Timestamp.valueOf(lastTimestamp));
      keys().bind(page, 4, lastKey);
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
   * Maps the page by the columns it really has: after {@code ALTER TABLE} the value schema follows
   * the table, column by name. A dropped key or timestamp column fails the read, naming it.
   */
  private void followColumns(ResultSet rows) throws SQLException {
    RowMapper current = mapper.forColumns(rows.getMetaData());
    if (current != mapper) {
      LOG.info(
          "{}: columns changed from {} to {}; records now carry the new schema",
          spec.name(),
          mapper.describeColumns(),
          current.describeColumns());
      mapper = current;
    }
  }

  /** The header a late record carries: when the reader moved past its key, and the range. */
  public static final String LATE_HEADER = "pinpipe.late";

  private SourceRecord lateRecord(
      ResultSet row, long key, TableOffset after, TableOffset.PassedRange range)
      throws SQLException {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(
        LATE_HEADER,
        "committed after the reader moved past keys "
            + keys().text(range.from())
            + ".."
            + keys().text(range.to())
            + " at "
            + range.at());
    return record(row, key, after, headers);
  }

  private SourceRecord record(ResultSet row, long key, TableOffset after) throws SQLException {
    return record(row, key, after, null);
  }

  /** A record of the current row, carrying the offset after it; {@code headers} may be null. */
  private SourceRecord record(ResultSet row, long key, TableOffset after, ConnectHeaders headers)
      throws SQLException {
    return new SourceRecord(
        partition.toMap(),
        stored(after).toMap(),
        spec.topic(),
        null,
        mapper.keySchema(),
        mapper.keyValue(key),
        mapper.valueSchema(),
        mapper.value(row),
        null,
        headers);
  }

  private boolean anyKeyBetween(Connection connection, long from, long to) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(queries.anyKeyBetween())) {
      keys().bind(statement, 1, from);
      keys().bind(statement, 2, to);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private Long queryMaxKey(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(queries.maxKey());
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getObject(1) == null ? null : keys().read(rows, 1);
    }
  }

  /** Set once the transaction list has been refused, so that it is said once, not on every gap. */
  private static final java.util.concurrent.atomic.AtomicBoolean TRANSACTIONS_REFUSED_SAID =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Reads the open transactions, or null when they cannot be read (the user lacks the PROCESS
   * privilege).
   */
  public static Set<String> openTransactions(Connection connection) {
    try (PreparedStatement statement =
            connection.prepareStatement(TableQueries.openTransactions());
        ResultSet rows = statement.executeQuery()) {
      Set<String> ids = new HashSet<>();
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
      return ids;
    } catch (SQLException e) {
      // Not a failure of the read: without the list, gaps fall back to the grace period.
      if (TRANSACTIONS_REFUSED_SAID.compareAndSet(false, true)) {
        LOG.warn(
            "cannot read information_schema.INNODB_TRX ({}); where the locking probe cannot run either, gaps wait"
                + " gap.grace.period.ms. Grant PROCESS to the connector's user.",
            TransientErrors.describe(e));
      } else {
        LOG.debug("cannot read information_schema.INNODB_TRX: {}", e.getMessage());
      }
      return null;
    }
  }
}
