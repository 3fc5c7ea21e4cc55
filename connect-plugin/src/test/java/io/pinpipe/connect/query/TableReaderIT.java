package io.pinpipe.connect.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.connect.config.TableSpec;
import io.pinpipe.connect.offset.TableOffset;
import io.pinpipe.connect.offset.TablePartition;
import io.pinpipe.connect.record.RowMapper;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.testing.MariaDbExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The page reader on a real MariaDB: a connection cut at any one of the queries it makes loses no
 * row and repeats none, and keys below the first row are held while a transaction holds them. The
 * cut is injected at the JDBC boundary (a proxy that fails the Nth query), the only place a failure
 * can be placed at an exact query.
 */
@ExtendWith(MariaDbExtension.class)
class TableReaderIT {

  private static final LocalDateTime T0 = LocalDateTime.of(2026, 1, 1, 0, 0);
  private static final Duration LONG_GRACE = Duration.ofMinutes(10);

  /**
   * A database clock that moves one second per read, so that the probe's settle is always over by
   * the next read.
   */
  private static final class Ticks {
    private int reads;

    TableReader.Clock next() {
      return new TableReader.Clock(T0.plusSeconds(reads++));
    }
  }

  @Test
  void aConnectionCutAtAnyQueryOfAnyReadLosesNoRowAndRepeatsNone(SourceDatabase database)
      throws Exception {
    List<Long> expected = new ArrayList<>();
    try (Connection setup = database.open()) {
      setup
          .createStatement()
          .execute(
              "CREATE TABLE `t` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `v` VARCHAR(20))");
      for (int i = 1; i <= 30; i++) {
        setup.createStatement().execute("INSERT INTO `t` (`v`) VALUES ('row " + i + "')");
      }
      // Gaps the reader must check and pass: rolled back or deleted keys.
      setup.createStatement().execute("DELETE FROM `t` WHERE `id` IN (1, 11, 12, 20)");
      for (long id = 1; id <= 30; id++) {
        if (id != 1 && id != 11 && id != 12 && id != 20) {
          expected.add(id);
        }
      }
    }

    // A clean run counts the queries: each of them is then the one that fails, in turn.
    int queries;
    try (Connection connection = readCommitted(database)) {
      AtomicInteger executed = new AtomicInteger();
      List<Long> delivered = readToTheEnd(database, failing(connection, executed, -1), new Ticks());
      assertThat(delivered).isEqualTo(expected);
      queries = executed.get();
    }
    assertThat(queries).as("pages, maximum keys, gap checks and probes").isGreaterThan(10);

    for (int failAt = 1; failAt <= queries; failAt++) {
      try (Connection connection = readCommitted(database)) {
        List<Long> delivered =
            readToTheEnd(database, failing(connection, new AtomicInteger(), failAt), new Ticks());
        assertThat(delivered)
            .as("connection cut at query %d of %d", failAt, queries)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void inTimestampModeAConnectionCutAtAnyQueryLosesNoChangeAndRepeatsNone(SourceDatabase database)
      throws Exception {
    List<Long> expected = new ArrayList<>();
    try (Connection setup = database.open()) {
      setup
          .createStatement()
          .execute(
              "CREATE TABLE `changed` (`id` INT NOT NULL PRIMARY KEY, `v` INT, `at` DATETIME(6) NOT NULL)");
      for (int id = 1; id <= 20; id++) {
        // Changes before the reader's clock (T0), in key order, three to a timestamp.
        setup
            .createStatement()
            .execute(
                "INSERT INTO `changed` VALUES ("
                    + id
                    + ", 0, '2025-12-31 23:00:0"
                    + (id / 3)
                    + "')");
        expected.add((long) id);
      }
    }
    ReaderFactory factory =
        reading -> {
          TableQueries queries = new TableQueries("changed", "id", "at");
          RowMapper mapper;
          try (PreparedStatement statement = reading.prepareStatement(queries.columns());
              ResultSet empty = statement.executeQuery()) {
            mapper = new RowMapper("db", "changed", empty.getMetaData(), "id", "at", true, true);
          }
          return new TableReader(
              new TableSpec("changed", "topic", "id", "timestamp+incrementing", "at"),
              new TablePartition("db", "changed"),
              queries,
              mapper,
              false,
              TableOffset.START,
              7,
              LONG_GRACE,
              Duration.ofDays(1),
              0,
              TableReader::openTransactions);
        };
    int queries;
    try (Connection connection = readCommitted(database)) {
      AtomicInteger executed = new AtomicInteger();
      assertThat(readToTheEnd(failing(connection, executed, -1), new Ticks(), factory, 20))
          .isEqualTo(expected);
      queries = executed.get();
    }
    for (int failAt = 1; failAt <= queries; failAt++) {
      try (Connection connection = readCommitted(database)) {
        assertThat(
                readToTheEnd(
                    failing(connection, new AtomicInteger(), failAt), new Ticks(), factory, 20))
            .as("connection cut at query %d of %d", failAt, queries)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void keysBelowTheFirstRowAreHeldWhileATransactionHoldsThem(SourceDatabase database)
      throws Exception {
    for (String key :
        List.of("`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY", "`id` INT NOT NULL PRIMARY KEY")) {
      String table = key.contains("AUTO_INCREMENT") ? "auto" : "plain";
      try (Connection setup = database.open()) {
        setup.createStatement().execute("CREATE TABLE `" + table + "` (" + key + ", `v` INT)");
      }
      try (Connection reading = readCommitted(database);
          Connection holder = database.open();
          Connection other = database.open()) {
        TableReader reader = reader(reading, table);
        Ticks ticks = new Ticks();
        assertThat(reader.read(reading, ticks.next())).as(table + ": empty").isEmpty();

        holder.setAutoCommit(false);
        holder.createStatement().execute("INSERT INTO `" + table + "` (`id`, `v`) VALUES (1, 1)");
        other.createStatement().execute("INSERT INTO `" + table + "` (`id`, `v`) VALUES (2, 2)");
        for (int i = 0; i < 3; i++) {
          assertThat(reader.read(reading, ticks.next()))
              .as(table + ": key 2 waits behind the open key 1")
              .isEmpty();
        }

        holder.commit();
        // The keys below 1 are a gap too: the probe must find it clean twice, so two reads.
        List<Long> delivered = new ArrayList<>(keys(reader.read(reading, ticks.next())));
        delivered.addAll(keys(reader.read(reading, ticks.next())));
        assertThat(delivered).as(table).containsExactly(1L, 2L);
      }
    }
  }

  @Test
  void aSecondOfAWholeSecondTimestampIsReadOnlyOnceItIsOverSoALowerKeyChangedLaterInItIsNotSkipped(
      SourceDatabase database) throws Exception {
    try (Connection setup = database.open();
        Connection reading = readCommitted(database)) {
      setup
          .createStatement()
          .execute(
              "CREATE TABLE `changes` (`id` INT NOT NULL PRIMARY KEY, `v` INT, `at` DATETIME NOT NULL)");
      setup
          .createStatement()
          .execute(
              "INSERT INTO `changes` VALUES (5, 0, '2026-01-01 11:59:00'), (7, 0, '2026-01-01 11:59:00')");
      TableQueries queries = new TableQueries("changes", "id", "at");
      RowMapper mapper;
      try (PreparedStatement statement = reading.prepareStatement(queries.columns());
          ResultSet empty = statement.executeQuery()) {
        mapper = new RowMapper("db", "changes", empty.getMetaData(), "id", "at", true, true);
      }
      assertThat(mapper.timestampFractionDigits()).isZero();
      TableReader reader =
          new TableReader(
              new TableSpec("changes", "topic", "id", "timestamp+incrementing", "at"),
              new TablePartition("db", "changes"),
              queries,
              mapper,
              false,
              TableOffset.START,
              100,
              LONG_GRACE,
              Duration.ofDays(1),
              0,
              TableReader::openTransactions);
      assertThat(keys(reader.read(reading, new TableReader.Clock(T0.withHour(12)))))
          .containsExactly(5L, 7L);

      // Row 7 changes at 12:00:00.2, row 5 at 12:00:00.7: both stamped 12:00:00, the column
      // keeping whole seconds. A read at 12:00:00.4 must not take row 7 yet.
      setup
          .createStatement()
          .execute("UPDATE `changes` SET `v` = 1, `at` = '2026-01-01 12:00:00' WHERE `id` = 7");
      assertThat(
              reader.read(reading, new TableReader.Clock(T0.withHour(12).plusNanos(400_000_000))))
          .isEmpty();
      setup
          .createStatement()
          .execute("UPDATE `changes` SET `v` = 1, `at` = '2026-01-01 12:00:00' WHERE `id` = 5");

      assertThat(keys(reader.read(reading, new TableReader.Clock(T0.withHour(12).plusSeconds(1)))))
          .containsExactly(5L, 7L);
    }
  }

  @Test
  void truncatesTheUpperBoundToTheColumnsDigits() {
    LocalDateTime time = LocalDateTime.of(2026, 1, 1, 12, 0, 0, 123_456_789);
    assertThat(TableReader.truncate(time, 0)).isEqualTo(LocalDateTime.of(2026, 1, 1, 12, 0, 0));
    assertThat(TableReader.truncate(time, 3))
        .isEqualTo(LocalDateTime.of(2026, 1, 1, 12, 0, 0, 123_000_000));
    assertThat(TableReader.truncate(time, 6))
        .isEqualTo(LocalDateTime.of(2026, 1, 1, 12, 0, 0, 123_456_000));
  }

  /** As the task reads: autocommit, READ COMMITTED. */
  private static Connection readCommitted(SourceDatabase database) throws SQLException {
    Connection connection = database.open();
    connection.setAutoCommit(true);
    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    return connection;
  }

  /** Makes a reader on a connection; may fail as the connection does. */
  private interface ReaderFactory {
    TableReader on(Connection connection) throws SQLException;
  }

  private static List<Long> readToTheEnd(
      SourceDatabase database, Connection connection, Ticks ticks) throws Exception {
    return readToTheEnd(connection, ticks, reading -> reader(reading, "t"), 30);
  }

  /**
   * Reads until the reader has passed {@code lastKey}, as the task would: a failed read is read
   * again.
   */
  private static List<Long> readToTheEnd(
      Connection connection, Ticks ticks, ReaderFactory factory, long lastKey) throws Exception {
    TableReader reader;
    // Preparing reads metadata through the same connection: retried like a poll would be.
    while (true) {
      try {
        reader = factory.on(connection);
        break;
      } catch (SQLException e) {
        assertThat((Throwable) e).hasMessageContaining("injected");
      }
    }
    List<Long> delivered = new ArrayList<>();
    for (int attempt = 0; attempt < 100; attempt++) {
      try {
        List<SourceRecord> page = reader.read(connection, ticks.next());
        delivered.addAll(keys(page));
        if (page.isEmpty()
            && reader.offset().lastKey() != null
            && reader.offset().lastKey() == lastKey) {
          return delivered;
        }
      } catch (SQLException e) {
        // What the task does on a transient error: drop nothing it was handed, read again.
        assertThat((Throwable) e).hasMessageContaining("injected");
      }
    }
    throw new AssertionError("never reached key " + lastKey + "; delivered " + delivered);
  }

  @Test
  void aKeyHeldPastTheGraceIsReCheckedAndDeliveredLateWithAHeaderWhenItCommitsWithinTheHorizon(
      SourceDatabase database) throws Exception {
    try (Connection setup = database.open();
        Connection reading = readCommitted(database);
        Connection holder = database.open();
        Connection other = database.open()) {
      setup
          .createStatement()
          .execute("CREATE TABLE `held` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `v` INT)");
      setup.createStatement().execute("INSERT INTO `held` (`v`) VALUES (1)");
      TableReader reader = reader(reading, "held", Duration.ofSeconds(3), Duration.ofMinutes(1));
      Ticks ticks = new Ticks();
      List<SourceRecord> delivered = new ArrayList<>(reader.read(reading, ticks.next()));
      delivered.addAll(reader.read(reading, ticks.next()));
      assertThat(keys(delivered)).containsExactly(1L);

      holder.setAutoCommit(false);
      holder.createStatement().execute("INSERT INTO `held` (`v`) VALUES (2)");
      other.createStatement().execute("INSERT INTO `held` (`v`) VALUES (3)");
      List<Long> passed = new ArrayList<>();
      for (int read = 0; read < 10 && passed.isEmpty(); read++) {
        passed.addAll(keys(reader.read(reading, ticks.next())));
      }
      assertThat(passed).as("key 3, once key 2 was held past the grace").containsExactly(3L);
      assertThat(reader.offset().passed())
          .extracting(TableOffset.PassedRange::from, TableOffset.PassedRange::to)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 2L));
      assertThat(reader.read(reading, ticks.next())).as("still held").isEmpty();

      holder.commit();
      List<SourceRecord> late = reader.read(reading, ticks.next());
      assertThat(keys(late)).containsExactly(2L);
      assertThat(late.get(0).headers().lastWithName(TableReader.LATE_HEADER).value().toString())
          .startsWith("committed after the reader moved past keys 2..2 at ");
      assertThat(reader.offset().passed()).isEmpty();
      assertThat(reader.offset().lastKey()).isEqualTo(3L);
    }
  }

  @Test
  void aHeldKeyIsReCheckedOnlyUntilTheHorizon(SourceDatabase database) throws Exception {
    try (Connection setup = database.open();
        Connection reading = readCommitted(database);
        Connection holder = database.open();
        Connection other = database.open()) {
      setup
          .createStatement()
          .execute("CREATE TABLE `gone` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `v` INT)");
      setup.createStatement().execute("INSERT INTO `gone` (`v`) VALUES (1)");
      TableReader reader = reader(reading, "gone", Duration.ofSeconds(2), Duration.ofSeconds(5));
      Ticks ticks = new Ticks();
      reader.read(reading, ticks.next());
      reader.read(reading, ticks.next());
      holder.setAutoCommit(false);
      holder.createStatement().execute("INSERT INTO `gone` (`v`) VALUES (2)");
      other.createStatement().execute("INSERT INTO `gone` (`v`) VALUES (3)");
      for (int read = 0; read < 10 && reader.offset().lastKey() < 3; read++) {
        reader.read(reading, ticks.next());
      }
      assertThat(reader.offset().passed()).hasSize(1);

      for (int read = 0; read < 8; read++) {
        reader.read(reading, ticks.next());
      }
      assertThat(reader.offset().passed()).as("past the horizon").isEmpty();
      holder.commit();
      assertThat(reader.read(reading, ticks.next()))
          .as("committed after the horizon: the documented limit")
          .isEmpty();
    }
  }

  @Test
  void bigintUnsignedKeysAreReadInOrderAcrossTwoToThe63AndResumeFromTheirOwnBitsInTheOffset(
      SourceDatabase database) throws Exception {
    List<String> all =
        List.of(
            "1",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551614",
            "18446744073709551615");
    try (Connection setup = database.open();
        Connection reading = readCommitted(database)) {
      setup
          .createStatement()
          .execute(
              "CREATE TABLE `unsigned` (`id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, `v` INT)");
      for (String key : all) {
        setup.createStatement().execute("INSERT INTO `unsigned` VALUES (" + key + ", 0)");
      }
      TableReader reader = reader(reading, "unsigned", Duration.ofMinutes(10), Duration.ofDays(1));
      Ticks ticks = new Ticks();
      List<String> delivered = new ArrayList<>();
      for (int read = 0; read < 20 && delivered.size() < all.size(); read++) {
        reader
            .read(reading, ticks.next())
            .forEach(record -> delivered.add(record.key().toString()));
      }
      assertThat(delivered).containsExactlyElementsOf(all);
      // The offset holds the key's own 64 bits: 2^64 - 1 is -1 as a signed long.
      assertThat(reader.offset().lastKey()).isEqualTo(-1L);
      assertThat(reader.maxKey()).isEqualTo(-1L);

      // Resuming after 2^63 (stored as Long.MIN_VALUE) reads the two keys above it.
      TableReader resumed =
          reader(
              reading,
              "unsigned",
              true,
              TableOffset.fromMap(new TableOffset(Long.MIN_VALUE, null).toMap()),
              LONG_GRACE,
              Duration.ofDays(1));
      List<String> rest = new ArrayList<>();
      for (int read = 0; read < 5; read++) {
        resumed.read(reading, ticks.next()).forEach(record -> rest.add(record.key().toString()));
      }
      assertThat(rest).containsExactly("18446744073709551614", "18446744073709551615");
    }
  }

  /**
   * A reader of {@code table} by key {@code id}, pages of 7, as AUTO_INCREMENT as {@code
   * autoIncrement} says.
   */
  private static TableReader reader(
      Connection connection,
      String table,
      boolean autoIncrement,
      TableOffset offset,
      Duration grace,
      Duration horizon)
      throws SQLException {
    TableQueries queries = new TableQueries(table, "id", null);
    RowMapper mapper;
    try (PreparedStatement statement = connection.prepareStatement(queries.columns());
        ResultSet empty = statement.executeQuery()) {
      mapper = new RowMapper("db", table, empty.getMetaData(), "id", null, true, true);
    }
    return new TableReader(
        new TableSpec(table, "topic", "id", "incrementing", ""),
        new TablePartition("db", table),
        queries,
        mapper,
        autoIncrement,
        offset,
        7,
        grace,
        horizon,
        0,
        TableReader::openTransactions);
  }

  private static TableReader reader(
      Connection connection, String table, Duration grace, Duration horizon) throws SQLException {
    return reader(connection, table, true, TableOffset.START, grace, horizon);
  }

  private static TableReader reader(Connection connection, String table) throws SQLException {
    return reader(
        connection,
        table,
        table.equals("t") || table.equals("auto"),
        TableOffset.START,
        LONG_GRACE,
        Duration.ofDays(1));
  }

  private static List<Long> keys(List<SourceRecord> records) {
    return records.stream().map(record -> ((Number) record.key()).longValue()).toList();
  }

  /**
   * The connection, whose {@code failAt}th query (counting from 1) fails as a cut connection does.
   */
  private static Connection failing(Connection connection, AtomicInteger executed, int failAt) {
    return (Connection)
        Proxy.newProxyInstance(
            TableReaderIT.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              Object result = invoke(connection, method, args);
              if (result instanceof PreparedStatement statement) {
                return Proxy.newProxyInstance(
                    TableReaderIT.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class},
                    (statementProxy, statementMethod, statementArgs) -> {
                      if (statementMethod.getName().equals("executeQuery")
                          && executed.incrementAndGet() == failAt) {
                        throw new SQLNonTransientConnectionException(
                            "injected: connection cut", "08S01");
                      }
                      return invoke(statement, statementMethod, statementArgs);
                    });
              }
              return result;
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
