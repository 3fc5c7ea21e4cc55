package io.pinpipe.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.testing.MariaDbExtension;
import io.pinpipe.support.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin on a real Connect 3.7 worker, a KRaft broker and MariaDB, where a production
 * database misbehaves: an error in the middle of a poll, a key held open below the first row, a
 * transaction list frozen by another reader. One worker serves every scenario, each with a
 * connector and tables of its own. Every scenario lost rows before the reader's offsets moved only
 * with delivered pages and its gaps were checked by a locking probe.
 */
@ExtendWith(MariaDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorAdversityIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private KafkaBroker kafka;
  private ConnectWorker worker;

  @BeforeAll
  void start(@TempDir Path directory) throws Exception {
    kafka = KafkaBroker.start();
    Path work = Path.of("target", "it-workers", "adversity-" + System.currentTimeMillis());
    Files.createDirectories(work);
    worker =
        ConnectWorker.start(
            work,
            kafka.bootstrapServers(),
            "it-adversity",
            false,
            ConnectWorker.unpackPlugin(directory.resolve("plugins")));
  }

  @AfterAll
  void stop() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private Map<String, String> connector(SourceDatabase database, String prefix, String tables) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.pinpipe.connect.MySqlSourceConnector");
    config.put("tasks.max", "1");
    config.put("connection.url", database.jdbcUrl());
    config.put("connection.user", database.user());
    config.put("ssl.mode", "disable");
    config.put("tables", tables);
    config.put("topic.prefix", prefix);
    config.put("poll.interval.ms", "100");
    // Long enough that no scenario is decided by the grace period.
    config.put("gap.grace.period.ms", "600000");
    config.put("retry.backoff.ms", "200");
    config.put("retry.backoff.max.ms", "1000");
    config.put("topic.creation.default.replication.factor", "1");
    config.put("topic.creation.default.partitions", "1");
    return config;
  }

  private List<Long> keys(String topic) {
    return kafka.readCommitted(topic).stream()
        .map(ConsumerRecord::key)
        .map(Long::parseLong)
        .toList();
  }

  private void awaitKeys(String topic, int count) throws Exception {
    Await.until(
        count + " records on " + topic, PATIENCE, () -> kafka.readCommitted(topic).size() >= count);
  }

  /** Proves the task polled every table after this point: a marker inserted, then read, twice. */
  private void awaitTwoPolls(Statement statement, String topic) throws Exception {
    int before = kafka.readCommitted(topic).size();
    for (int i = 1; i <= 2; i++) {
      statement.execute("INSERT INTO `markers` () VALUES ()");
      awaitKeys(topic, before + i);
    }
  }

  private static void create(Statement statement, String... tables) throws Exception {
    for (String table : tables) {
      statement.execute(
          "CREATE TABLE `" + table + "` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `v` INT)");
    }
  }

  @Test
  void rowsReadInAPollThatThenFailsOnAnotherTableAreDelivered(SourceDatabase database)
      throws Exception {
    try (Connection admin = database.open();
        Connection locker = database.open();
        Connection writer = database.open()) {
      Statement statement = admin.createStatement();
      create(statement, "a", "b");
      statement.execute("INSERT INTO `a` (`v`) VALUES (0)");
      statement.execute("INSERT INTO `b` (`v`) VALUES (0)");
      // The task's session then gives up on a table lock after 2 s, with a transient error.
      statement.execute("SET GLOBAL lock_wait_timeout = 2");
      try {
        worker.putConnector("failing-poll", connector(database, "fail.", "a,b"));
        worker.awaitRunning("failing-poll");
        awaitKeys("fail.a", 1);
        awaitKeys("fail.b", 1);

        // Table a is read first in each poll, then table b, whose lock outlasts the timeout.
        locker.createStatement().execute("LOCK TABLES `b` WRITE");
        for (int i = 0; i < 20; i++) {
          writer.createStatement().execute("INSERT INTO `a` (`v`) VALUES (" + i + ")");
        }
        Await.until(
            "the poll to fail on table b",
            PATIENCE,
            () -> worker.log().contains("database unreachable"));
        locker.createStatement().execute("UNLOCK TABLES");
      } finally {
        statement.execute("SET GLOBAL lock_wait_timeout = DEFAULT");
      }
      writer.createStatement().execute("INSERT INTO `a` (`v`) VALUES (99)");
      writer.createStatement().execute("INSERT INTO `b` (`v`) VALUES (99)");
      awaitKeys("fail.b", 2);
      awaitKeys("fail.a", 22);
    }
    assertThat(keys("fail.a")).containsExactlyElementsOf(rangeClosed(1, 22));
  }

  @Test
  void aKeyHeldOpenBelowTheFirstRowIsDeliveredFirstWhenItCommits(SourceDatabase database)
      throws Exception {
    try (Connection admin = database.open();
        Connection holder = database.open();
        Connection other = database.open()) {
      Statement statement = admin.createStatement();
      create(statement, "first", "markers");
      worker.putConnector("first-page", connector(database, "first.", "first,markers"));
      worker.awaitRunning("first-page");
      awaitTwoPolls(statement, "first.markers");

      holder.setAutoCommit(false);
      holder.createStatement().execute("INSERT INTO `first` (`v`) VALUES (1)");
      other.createStatement().execute("INSERT INTO `first` (`v`) VALUES (2)");
      awaitTwoPolls(statement, "first.markers");
      assertThat(keys("first.first")).as("key 2 waits while key 1 is open").isEmpty();

      holder.commit();
      awaitKeys("first.first", 2);
    }
    assertThat(keys("first.first")).containsExactly(1L, 2L);
  }

  @Test
  void aTransactionListFrozenByAnotherReaderDoesNotLetAHeldKeyBePassed(SourceDatabase database)
      throws Exception {
    AtomicBoolean monitoring = new AtomicBoolean(true);
    Thread monitor = null;
    try (Connection admin = database.open();
        Connection holder = database.open();
        Connection other = database.open();
        Connection monitorConnection = database.open()) {
      Statement statement = admin.createStatement();
      create(statement, "stale", "markers");
      for (int i = 0; i < 5; i++) {
        statement.execute("INSERT INTO `stale` (`v`) VALUES (" + i + ")");
      }
      worker.putConnector("stale-list", connector(database, "stale.", "stale,markers"));
      worker.awaitRunning("stale-list");
      awaitKeys("stale.stale", 5);

      // A monitor reads INNODB_TRX every 50 ms: the server then never refreshes its cached copy,
      // which therefore never shows the transaction opened below.
      monitor =
          new Thread(
              () -> {
                try (Statement reads = monitorConnection.createStatement()) {
                  while (monitoring.get()) {
                    try (ResultSet rows =
                        reads.executeQuery("SELECT trx_id FROM information_schema.INNODB_TRX")) {
                      while (rows.next()) {
                        rows.getString(1);
                      }
                    }
                    Thread.sleep(50);
                  }
                } catch (Exception e) {
                  if (monitoring.get()) {
                    throw new IllegalStateException(e);
                  }
                }
              },
              "innodb-trx-monitor");
      monitor.start();

      holder.setAutoCommit(false);
      holder.createStatement().execute("INSERT INTO `stale` (`v`) VALUES (6)");
      other.createStatement().execute("INSERT INTO `stale` (`v`) VALUES (7)");
      awaitTwoPolls(statement, "stale.markers");
      assertThat(keys("stale.stale")).as("key 7 waits while key 6 is open").hasSize(5);

      holder.commit();
      awaitKeys("stale.stale", 7);
    } finally {
      monitoring.set(false);
      if (monitor != null) {
        monitor.join(5_000);
      }
    }
    assertThat(keys("stale.stale")).containsExactlyElementsOf(rangeClosed(1, 7));
  }

  @Test
  void followsColumnsAddedInTheMiddleAndDroppedByTheirNames(SourceDatabase database)
      throws Exception {
    try (Connection admin = database.open()) {
      Statement statement = admin.createStatement();
      statement.execute(
          "CREATE TABLE `s` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `a` VARCHAR(8), `b` VARCHAR(8))");
      statement.execute("INSERT INTO `s` (`a`, `b`) VALUES ('a1', 'b1')");
      worker.putConnector("schema-change", connector(database, "schema.", "s"));
      worker.awaitRunning("schema-change");
      awaitKeys("schema.s", 1);

      statement.execute("ALTER TABLE `s` ADD COLUMN `x` VARCHAR(8) AFTER `id`");
      statement.execute("INSERT INTO `s` (`a`, `b`, `x`) VALUES ('a2', 'b2', 'x2')");
      awaitKeys("schema.s", 2);
      statement.execute("ALTER TABLE `s` DROP COLUMN `a`");
      statement.execute("INSERT INTO `s` (`b`, `x`) VALUES ('b3', 'x3')");
      awaitKeys("schema.s", 3);
      assertThat(worker.states("schema-change")).containsOnly("RUNNING");
    }
    assertThat(kafka.readCommitted("schema.s"))
        .extracting(ConsumerRecord::value)
        .containsExactly(
            "{\"id\":1,\"a\":\"a1\",\"b\":\"b1\"}",
            "{\"id\":2,\"x\":\"x2\",\"a\":\"a2\",\"b\":\"b2\"}",
            "{\"id\":3,\"x\":\"x3\",\"b\":\"b3\"}");
  }

  @Test
  void mapsUnsignedBigintsLongTimesZeroDatesAndTinyintsWithoutFailingTheTask(
      SourceDatabase database) throws Exception {
    try (Connection admin = database.open()) {
      Statement statement = admin.createStatement();
      statement.execute(
          "CREATE TABLE `types` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `big` BIGINT UNSIGNED,"
              + " `span` TIME, `at` DATETIME NOT NULL, `day` DATE NOT NULL, `small` TINYINT(1), `flag` BIT(1))");
      // Zero dates need a permissive SQL mode, as on servers that still allow them.
      statement.execute("SET SESSION sql_mode = ''");
      statement.execute(
          "INSERT INTO `types` (`big`, `span`, `at`, `day`, `small`, `flag`) VALUES"
              + " (18446744073709551615, '838:59:59', '0000-00-00 00:00:00', '0000-00-00', 2, b'1'),"
              + " (9223372036854775808, '-12:30:00', '2020-08-28 03:52:47', '2020-08-28', -1, b'0'),"
              + " (1, '00:00:01', '2020-08-28 03:52:47', '2020-08-28', 127, NULL)");
      Map<String, String> config = connector(database, "types.", "types");
      // Decimals as digits in JSON, rather than the converter's default base64.
      config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
      config.put("value.converter.schemas.enable", "false");
      config.put("value.converter.decimal.format", "NUMERIC");
      worker.putConnector("types", config);
      worker.awaitRunning("types");
      awaitKeys("types.types", 3);
      assertThat(worker.states("types")).containsOnly("RUNNING");
    }
    assertThat(kafka.readCommitted("types.types"))
        .extracting(ConsumerRecord::value)
        .containsExactly(
            "{\"id\":1,\"big\":18446744073709551615,\"span\":\"838:59:59\",\"at\":null,\"day\":null,\"small\":2,\"flag\":true}",
            "{\"id\":2,\"big\":9223372036854775808,\"span\":\"-12:30:00\",\"at\":\"2020-08-28T03:52:47\",\"day\":\"2020-08-28\","
                + "\"small\":-1,\"flag\":false}",
            "{\"id\":3,\"big\":1,\"span\":\"00:00:01\",\"at\":\"2020-08-28T03:52:47\",\"day\":\"2020-08-28\",\"small\":127,"
                + "\"flag\":null}");
  }

  @Test
  void thePasswordReachesTheDatabaseButNoLineOfTheWorkersLog(SourceDatabase database)
      throws Exception {
    String secret = "pw-" + Long.toHexString(System.nanoTime());
    try (Connection admin = database.open()) {
      Statement statement = admin.createStatement();
      statement.execute(
          "CREATE TABLE `secret` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `v` INT)");
      statement.execute("INSERT INTO `secret` (`v`) VALUES (1)");
    }
    // The test server skips grant checks, so it takes any password: the task connects with
    // this one all the same, through every path that could log it.
    Map<String, String> config = connector(database, "secret.", "secret");
    config.put("connection.password", secret);
    worker.putConnector("with-password", config);
    worker.awaitRunning("with-password");
    awaitKeys("secret.secret", 1);

    assertThat(worker.log())
        .as("the worker's log")
        .contains("with-password")
        .doesNotContain(secret);
  }

  @Test
  void aBigintUnsignedKeyPastTwoToThe63IsDeliveredAsItsDigits(SourceDatabase database)
      throws Exception {
    try (Connection admin = database.open()) {
      Statement statement = admin.createStatement();
      statement.execute(
          "CREATE TABLE `ukeys` (`id` BIGINT UNSIGNED NOT NULL PRIMARY KEY, `v` INT)");
      statement.execute(
          "INSERT INTO `ukeys` VALUES (7, 0), (9223372036854775808, 1), (18446744073709551615, 2)");
    }
    Map<String, String> config = connector(database, "ukeys.", "ukeys");
    // As the shipped worker writes keys: their digits.
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("gap.grace.period.ms", "1000");
    worker.putConnector("unsigned-keys", config);
    worker.awaitRunning("unsigned-keys");
    awaitKeys("ukeys.ukeys", 3);
    assertThat(worker.states("unsigned-keys")).containsOnly("RUNNING");
    assertThat(kafka.readCommitted("ukeys.ukeys"))
        .extracting(ConsumerRecord::key)
        .containsExactly("7", "9223372036854775808", "18446744073709551615");
  }

  @Test
  void timestampModeDeliversTheFinalStateOfEveryRowUnderConcurrentUpdaters(SourceDatabase database)
      throws Exception {
    int rows = 40;
    try (Connection admin = database.open()) {
      Statement statement = admin.createStatement();
      statement.execute(
          "CREATE TABLE `upd` (`id` INT NOT NULL PRIMARY KEY, `v` INT NOT NULL,"
              + " `at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), KEY (`at`))");
      for (int id = 1; id <= rows; id++) {
        statement.execute("INSERT INTO `upd` (`id`, `v`) VALUES (" + id + ", 0)");
      }
    }
    Map<String, String> config = connector(database, "upd.", "upd");
    config.put("table.upd.mode", "timestamp+incrementing");
    config.put("table.upd.timestamp.column", "at");
    // timestamp.delay.interval.ms left at its default: the default must be the safe one.
    worker.putConnector("updaters", config);
    worker.awaitRunning("updaters");
    awaitKeys("upd.upd", rows);

    // Six updaters, each committing 60 short transactions: a row's timestamp is set when it is
    // changed, and the change commits some milliseconds later, while other rows commit around it.
    List<Thread> updaters = new java.util.ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int u = 0; u < 6; u++) {
      int seed = u;
      Thread updater =
          new Thread(
              () -> {
                java.util.Random random = new java.util.Random(seed);
                try (Connection connection = database.open()) {
                  connection.setAutoCommit(false);
                  for (int i = 0; i < 60; i++) {
                    connection
                        .createStatement()
                        .executeUpdate(
                            "UPDATE `upd` SET `v` = `v` + 1 WHERE `id` = "
                                + (1 + random.nextInt(rows)));
                    Thread.sleep(random.nextInt(40));
                    connection.commit();
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "updater-" + u);
      updaters.add(updater);
      updater.start();
    }
    for (Thread updater : updaters) {
      updater.join();
    }
    assertThat(failures).isEmpty();

    Map<String, String> finalState = new HashMap<>();
    try (Connection connection = database.open();
        ResultSet rowsNow =
            connection.createStatement().executeQuery("SELECT `id`, `v` FROM `upd`")) {
      while (rowsNow.next()) {
        finalState.put(rowsNow.getString(1), rowsNow.getString(2));
      }
    }
    Await.until(
        "the final state of all " + rows + " rows",
        PATIENCE,
        () -> latestV("upd.upd").equals(finalState));
  }

  /** The latest {@code v} per key of a topic. */
  private Map<String, String> latestV(String topic) {
    Map<String, String> latest = new HashMap<>();
    for (ConsumerRecord<String, String> record : kafka.readCommitted(topic)) {
      latest.put(record.key(), record.value().replaceAll(".*\"v\":(-?\\d+).*", "$1"));
    }
    return latest;
  }

  private static List<Long> rangeClosed(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
  }
}
