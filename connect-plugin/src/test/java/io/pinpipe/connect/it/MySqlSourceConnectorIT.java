package io.pinpipe.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.embedded.EmbeddedMariaDb;
import io.pinpipe.sourcedb.emulator.EmulatorSettings;
import io.pinpipe.sourcedb.emulator.PostSource;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.schema.SourceSchema;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.sourcedb.testing.MariaDbExtension;
import io.pinpipe.support.connect.ConnectRest;
import io.pinpipe.support.testing.Await;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin on a real Connect 3.7 worker (its own JVM), a real KRaft broker and MariaDB:
 * every row once, keyed by post number, through restarts, a SIGKILL with exactly-once, late commits
 * and a database outage; bad configs rejected with key and reason.
 */
@ExtendWith(MariaDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlSourceConnectorIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private KafkaBroker kafka;
  private Path plugin;

  @BeforeAll
  void startBroker(@TempDir Path directory) throws Exception {
    kafka = KafkaBroker.start();
    plugin = ConnectWorker.unpackPlugin(directory.resolve("plugins"));
  }

  @AfterAll
  void stopBroker() throws Exception {
    kafka.close();
  }

  /** Worker directories under target/, so that their logs outlive a failed run. */
  private static Path workerDirectory(String test) throws Exception {
    Path directory = Path.of("target", "it-workers", test + "-" + System.currentTimeMillis());
    java.nio.file.Files.createDirectories(directory);
    return directory;
  }

  private static Map<String, String> connector(
      SourceDatabase database, String prefix, String tables) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.pinpipe.connect.MySqlSourceConnector");
    config.put("tasks.max", "3");
    config.put("connection.url", database.jdbcUrl());
    config.put("connection.user", database.user());
    config.put("ssl.mode", "disable");
    config.put("tables", tables);
    config.put("topic.prefix", prefix);
    Map<String, String> topics =
        Map.of("pinterest_data", "pin", "geolocation_data", "geo", "user_data", "user");
    topics.forEach(
        (table, topic) -> {
          if (List.of(tables.split(",")).contains(table)) {
            config.put("table." + table + ".topic", topic);
          }
        });
    config.put("name", "validated");
    config.put("poll.interval.ms", "200");
    config.put("gap.grace.period.ms", "3000");
    config.put("topic.creation.default.replication.factor", "1");
    config.put("topic.creation.default.partitions", "3");
    return config;
  }

  private static final String ALL_TABLES = "pinterest_data,geolocation_data,user_data";

  private void awaitRecords(String topic, int count) throws Exception {
    Await.until(
        count + " records on " + topic, PATIENCE, () -> kafka.readCommitted(topic).size() >= count);
  }

  private static Set<Long> keys(List<ConsumerRecord<String, String>> records) {
    return records.stream()
        .map(r -> Long.parseLong(r.key()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<Long> databaseKeys(SourceDatabase database, SourceTable<?> table)
      throws Exception {
    Set<Long> keys = new TreeSet<>();
    try (Connection connection = database.open();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT `" + table.keyColumn() + "` FROM `" + table.name() + "`")) {
      while (rows.next()) {
        keys.add(rows.getLong(1));
      }
    }
    return keys;
  }

  private void assertEveryRowExactlyOnce(SourceDatabase database, String prefix) throws Exception {
    Map<SourceTable<?>, String> topics =
        Map.of(SourceTable.PIN, "pin", SourceTable.GEO, "geo", SourceTable.USER, "user");
    for (Map.Entry<SourceTable<?>, String> entry : topics.entrySet()) {
      List<ConsumerRecord<String, String>> records = kafka.readCommitted(prefix + entry.getValue());
      assertThat(records)
          .as(entry.getValue() + " records")
          .hasSize(databaseKeys(database, entry.getKey()).size());
      assertThat(keys(records))
          .as(entry.getValue() + " keys")
          .isEqualTo(databaseKeys(database, entry.getKey()));
    }
  }

  @Test
  void loadsTheSampleThenFollowsNewPostsEachRowOnceKeyedByPostNumber(SourceDatabase database)
      throws Exception {
    Path work = workerDirectory("load");
    new PostLoader(database).load(SampleData.posts());
    try (ConnectWorker worker =
        ConnectWorker.start(work, kafka.bootstrapServers(), "it-load", false, plugin)) {
      worker.putConnector("load", connector(database, "load.", ALL_TABLES));
      worker.awaitRunning("load");
      for (String topic : List.of("load.pin", "load.geo", "load.user")) {
        awaitRecords(topic, 600);
      }
      new PostingEmulator(
              database,
              PostSource.cycling(SampleData.posts()),
              EmulatorSettings.defaults().withPosts(50).withConnections(3))
          .run();
      for (String topic : List.of("load.pin", "load.geo", "load.user")) {
        awaitRecords(topic, 650);
      }
    }
    assertEveryRowExactlyOnce(database, "load.");

    // Keys are the post number as digits; values the raw row, FLOAT and text exactly as stored.
    Map<String, String> pins =
        kafka.readCommitted("load.pin").stream()
            .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
    assertThat(pins).containsKey("33");
    for (String table : List.of("pin", "geo", "user")) {
      Map<String, String> values =
          kafka.readCommitted("load." + table).stream()
              .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
      for (String line : SampleData.rawLines(table + ".jsonl")) {
        JsonNode expected = withIsoDateTimes(JSON.readTree(line));
        String key = expected.path(table.equals("pin") ? "index" : "ind").asText();
        assertThat(JSON.readTree(values.get(key))).as(table + " " + key).isEqualTo(expected);
      }
    }
    assertThat(kafka.readCommitted("load.geo"))
        .anySatisfy(r -> assertThat(r.value()).contains("\"latitude\":-89.9787,"));
  }

  /**
   * The sample writes DATETIME as 2018-02-15 21:25:06; the connector as ISO-8601
   * 2018-02-15T21:25:06.
   */
  private static JsonNode withIsoDateTimes(JsonNode row) {
    ObjectNode copy = row.deepCopy();
    for (String field : List.of("timestamp", "date_joined")) {
      if (copy.has(field)) {
        copy.put(field, copy.get(field).asText().replace(' ', 'T'));
      }
    }
    return copy;
  }

  @Test
  void resumesFromTheCommittedOffsetAfterARestartWithoutLossOrDuplicate(SourceDatabase database)
      throws Exception {
    Path work = workerDirectory("restart");
    new PostLoader(database).load(SampleData.posts());
    try (ConnectWorker worker =
        ConnectWorker.start(
            work.resolve("first"), kafka.bootstrapServers(), "it-restart", false, plugin)) {
      worker.putConnector("restart", connector(database, "restart.", ALL_TABLES));
      worker.awaitRunning("restart");
      awaitRecords("restart.user", 600);
      awaitRecords("restart.pin", 600);
      awaitRecords("restart.geo", 600);
    }
    new PostingEmulator(
            database,
            PostSource.synthetic(new PostGenerator(5)),
            EmulatorSettings.defaults().withPosts(40))
        .run();
    try (ConnectWorker worker =
        ConnectWorker.start(
            work.resolve("second"), kafka.bootstrapServers(), "it-restart", false, plugin)) {
      worker.awaitRunning("restart");
      for (String topic : List.of("restart.pin", "restart.geo", "restart.user")) {
        awaitRecords(topic, 640);
      }
      assertThat(worker.log())
          .as(
              "offsets stored: %s",
              kafka.readCommitted("it-restart-offsets").stream()
                  .map(ConsumerRecord::value)
                  .toList())
          .contains("pinterest_data -> restart.pin by key index, resuming after key 10986");
    }
    assertEveryRowExactlyOnce(database, "restart.");
  }

  @Test
  void deliversEveryRowExactlyOnceWhenTheWorkerIsKilledMidLoad(SourceDatabase database)
      throws Exception {
    Path work = workerDirectory("eos");
    int posts = 60_000;
    new PostLoader(database).load(new PostGenerator(9).posts(1, posts));
    Map<String, String> config = connector(database, "eos.", "pinterest_data");
    config.put("tasks.max", "1");
    config.put("batch.max.rows", "200");
    config.put("exactly.once.support", "required");
    ConnectWorker first =
        ConnectWorker.start(
            work.resolve("first"), kafka.bootstrapServers(), "it-eos", true, plugin);
    try {
      first.putConnector("eos", config);
      first.awaitRunning("eos");
      Await.until(
          "the load to be under way",
          PATIENCE,
          () -> kafka.readCommitted("eos.pin").size() >= 2_000);
    } finally {
      first.kill();
    }
    int beforeKill = kafka.readCommitted("eos.pin").size();
    assertThat(beforeKill).as("killed mid-load, not after it").isLessThan(posts);

    try (ConnectWorker second =
        ConnectWorker.start(
            work.resolve("second"), kafka.bootstrapServers(), "it-eos", true, plugin)) {
      second.awaitRunning("eos");
      awaitRecords("eos.pin", posts);
    }
    List<ConsumerRecord<String, String>> records = kafka.readCommitted("eos.pin");
    assertThat(records).hasSize(posts);
    assertThat(keys(records)).hasSize(posts).first().isEqualTo(1L);
  }

  @Test
  void holdsRowsBehindAnOpenTransactionAndDeliversTheLateRowOnce(SourceDatabase database)
      throws Exception {
    Path work = workerDirectory("late");
    new PostLoader(database).load(SampleData.posts());
    try (Connection connection = database.open()) {
      // Markers prove that the task polled after a point in time: dense AUTO_INCREMENT keys, no
      // gaps.
      connection
          .createStatement()
          .execute("CREATE TABLE `markers` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY)");
    }
    Map<String, String> config = connector(database, "late.", "pinterest_data,markers");
    config.put("tasks.max", "1");
    config.put("gap.grace.period.ms", "600000");
    try (ConnectWorker worker =
            ConnectWorker.start(work, kafka.bootstrapServers(), "it-late", false, plugin);
        Connection holder = database.open();
        Connection others = database.open()) {
      worker.putConnector("late", config);
      worker.awaitRunning("late");
      awaitRecords("late.pin", 600);

      holder.setAutoCommit(false);
      long held = insertPin(holder);
      for (int i = 0; i < 100; i++) {
        insertPin(others);
      }
      // Two markers, one after the other: the poll that delivers the second began after the
      // first was delivered, so it read pinterest_data after the 100 commits.
      others.createStatement().execute("INSERT INTO `markers` () VALUES ()");
      awaitRecords("late.markers", 1);
      others.createStatement().execute("INSERT INTO `markers` () VALUES ()");
      awaitRecords("late.markers", 2);
      assertThat(keys(kafka.readCommitted("late.pin")))
          .as("nothing past the open key")
          .allMatch(key -> key < held);

      holder.commit();
      awaitRecords("late.pin", 701);
    }
    List<ConsumerRecord<String, String>> pins = kafka.readCommitted("late.pin");
    assertThat(pins).hasSize(701);
    assertThat(keys(pins)).isEqualTo(databaseKeys(database, SourceTable.PIN));
  }

  private static long insertPin(Connection connection) throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO `pinterest_data` (`unique_id`, `category`) VALUES ('late', 'art')",
            Statement.RETURN_GENERATED_KEYS)) {
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  @Test
  void staysRunningThroughA30SecondDatabaseOutageAndCatchesUp(@TempDir Path work) throws Exception {
    try (EmbeddedMariaDb db =
        EmbeddedMariaDb.start(
            new EmbeddedMariaDb.Settings(work.resolve("db"), freePort(), "outage", List.of()))) {
      SourceDatabase database = db.database();
      try (Connection connection = database.open()) {
        SourceSchema.apply(connection);
      }
      new PostLoader(database).load(SampleData.posts());
      try (ConnectWorker worker =
          ConnectWorker.start(
              work.resolve("worker"), kafka.bootstrapServers(), "it-outage", false, plugin)) {
        worker.putConnector("outage", connector(database, "outage.", ALL_TABLES));
        worker.awaitRunning("outage");
        awaitRecords("outage.user", 600);

        db.stopServer();
        Instant outageEnds = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(outageEnds)) {
          assertThat(worker.states("outage"))
              .as("states during the outage")
              .containsOnly("RUNNING");
        }
        db.startServer();

        new PostingEmulator(
                database,
                PostSource.cycling(SampleData.posts()),
                EmulatorSettings.defaults().withPosts(20))
            .run();
        for (String topic : List.of("outage.pin", "outage.geo", "outage.user")) {
          awaitRecords(topic, 620);
        }
        assertThat(worker.log())
            .contains("database unreachable")
            .contains("database reachable again");
      }
      assertEveryRowExactlyOnce(database, "outage.");
    }
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void rejectsBadConfigsWithTheKeyAndTheReason(SourceDatabase database, @TempDir Path work)
      throws Exception {
    try (Connection connection = database.open()) {
      connection.createStatement().execute("CREATE TABLE `plain` (`id` INT NOT NULL, `v` INT)");
    }
    try (ConnectWorker worker =
        ConnectWorker.start(work, kafka.bootstrapServers(), "it-validate", false, plugin)) {
      Map<String, String> good = connector(database, "v.", ALL_TABLES);
      assertThat(worker.validate(good)).isEmpty();

      Map<String, String> missingTable = connector(database, "v.", "pinterest_data,nope");
      assertThat(worker.validate(missingTable).get("tables"))
          .anySatisfy(m -> assertThat(m).contains("table nope does not exist"));

      Map<String, String> textKey = connector(database, "v.", "user_data");
      textKey.put("table.user_data.key.column", "first_name");
      assertThat(worker.validate(textKey).get("table.user_data.key.column"))
          .anySatisfy(m -> assertThat(m).contains("first_name is VARCHAR, not an integer"));

      Map<String, String> nullableKey = connector(database, "v.", "user_data");
      nullableKey.put("table.user_data.key.column", "age");
      assertThat(worker.validate(nullableKey).get("table.user_data.key.column"))
          .anySatisfy(m -> assertThat(m).contains("age allows NULL"));

      Map<String, String> unindexed = connector(database, "v.", "plain");
      unindexed.put("table.plain.key.column", "id");
      assertThat(worker.validate(unindexed).get("table.plain.key.column"))
          .anySatisfy(m -> assertThat(m).contains("not the first column of an index"));

      Map<String, String> noKey = connector(database, "v.", "plain");
      assertThat(worker.validate(noKey).get("tables"))
          .anySatisfy(m -> assertThat(m).contains("has no primary key"));

      Map<String, String> wrongScheme = connector(database, "v.", ALL_TABLES);
      wrongScheme.put("connection.url", "jdbc:postgresql://localhost/db");
      assertThat(worker.validate(wrongScheme).get("connection.url"))
          .anySatisfy(m -> assertThat(m).contains("jdbc:mysql://"));

      Map<String, String> unreachable = connector(database, "v.", ALL_TABLES);
      unreachable.put("connection.url", "jdbc:mysql://127.0.0.1:1/" + "pinterest");
      assertThat(worker.validate(unreachable).get("connection.url"))
          .anySatisfy(m -> assertThat(m).contains("cannot read the database"));

      Map<String, String> tlsByDefault = connector(database, "v.", ALL_TABLES);
      tlsByDefault.remove("ssl.mode");
      assertThat(worker.validate(tlsByDefault).get("connection.url"))
          .as("TLS is verified by default")
          .isNotEmpty();

      Map<String, String> badOverride = connector(database, "v.", ALL_TABLES);
      badOverride.put("table.pins.topic", "x");
      assertThat(worker.validate(badOverride).get("table.pins.topic"))
          .anySatisfy(m -> assertThat(m).contains("'pins' is not in 'tables'"));

      Map<String, String> misspelt = connector(database, "v.", ALL_TABLES);
      misspelt.put("batch.max.row", "10");
      assertThat(worker.validate(misspelt).get("batch.max.row"))
          .anySatisfy(m -> assertThat(m).contains("did you mean batch.max.rows?"));

      Map<String, String> passwordInUrl = connector(database, "v.", ALL_TABLES);
      passwordInUrl.put("connection.url", database.jdbcUrl() + "?PASSWORD=url-secret-4711");
      assertThat(worker.validate(passwordInUrl).get("connection.url"))
          .anySatisfy(m -> assertThat(m).contains("must not carry a password"));
      assertThat(worker.log()).doesNotContain("url-secret-4711");

      Map<String, String> badValue = connector(database, "v.", ALL_TABLES);
      badValue.put("batch.max.rows", "-5");
      assertThat(worker.validate(badValue).get("batch.max.rows"))
          .anySatisfy(m -> assertThat(m).contains("at least 1"));

      missingTable.put("name", "bad");
      assertThatThrownBy(() -> worker.putConnector("bad", missingTable))
          .isInstanceOfSatisfying(
              ConnectRest.ConnectRestException.class,
              rejected -> assertThat(rejected.status()).isEqualTo(400))
          .hasMessageContaining("table nope does not exist");
    }
  }
}
