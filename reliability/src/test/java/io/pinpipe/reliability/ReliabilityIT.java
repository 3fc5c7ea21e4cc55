package io.pinpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pinpipe.local.testing.DatabaseAnswers;
import io.pinpipe.reliability.cluster.DistributedPipeline;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.emulator.EmulatorSettings;
import io.pinpipe.sourcedb.emulator.PostSource;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.streams.stats.AnalyticsTable;
import io.pinpipe.streams.topology.LatestPerKey;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.support.kafka.TopicReader;
import io.pinpipe.support.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability suite: the pipeline spread over three brokers, two Connect workers and two
 * Streams instances ({@link DistributedPipeline}, every part in its own process or server) taken
 * through every fault in turn while the emulator posts; after each, the suite waits for the
 * pipeline to catch up and counts what went in and what came out (read_committed readers, S3
 * objects up to the sink's committed offsets), failing on any loss or duplicate. CI runs it scaled
 * down; {@code -Dpinpipe.reliability=medium} or {@code full} runs the larger sizes of
 * RELIABILITY.md. Each scenario's figures go to {@code target/reliability/results.md}.
 */
class ReliabilityIT {

  private static final Scale SCALE = Scale.current();
  private static final Duration GRACE = Duration.ofMillis(5_000);

  private final List<String> rows = new ArrayList<>();
  private Delivery.Counter counter;
  private long seed = 100;

  @Test
  void everyFaultInTurnLosesNothingAndDoublesNothing(@TempDir Path work) throws Exception {
    try (DistributedPipeline stack =
            DistributedPipeline.start(
                work,
                DistributedPipeline.Shape.spread(Delivery.SINK_FLUSH_SIZE),
                ReliabilityIT::loadInitialPosts);
        Delivery.Counter counting = new Delivery.Counter(stack)) {
      counter = counting;
      // Both plugins say which build they are, from their jars' manifests.
      for (String connector :
          List.of(DistributedPipeline.SOURCE_CONNECTOR, DistributedPipeline.S3_SINK)) {
        assertThat(stack.connect().version(connector))
            .as(connector + " version")
            .isEqualTo(System.getProperty("pinpipe.version"));
      }
      scenario(
          stack,
          "1. initial load of " + SCALE.initialPosts() + " posts, then live inserts",
          SCALE.livePosts(),
          0,
          emulator -> Instant.now());

      scenario(
          stack,
          "2. a Connect worker SIGKILL mid-load: its tasks moved to the other worker, then it rejoined"
              + " (exactly-once source)",
          SCALE.livePosts(),
          SCALE.rate(),
          emulator -> {
            awaitPosted(emulator, SCALE.livePosts() / 3);
            stack.killWorker(1);
            awaitConnectorsOn(stack, Set.of(stack.workerId(2)));
            stack.startWorker(1);
            awaitConnectorsOn(stack, Set.of(stack.workerId(1), stack.workerId(2)));
            return Instant.now();
          });

      scenario(
          stack,
          "3. database stopped " + SCALE.outage().toSeconds() + " s during live inserts",
          SCALE.livePosts(),
          SCALE.rate(),
          emulator -> {
            awaitPosted(emulator, SCALE.livePosts() / 3);
            emulator.stop();
            stack.mariaDb().stopServer();
            outage();
            assertThat(stack.connect().status(DistributedPipeline.SOURCE_CONNECTOR))
                .as("source connector during the outage")
                .isEqualTo("RUNNING");
            stack.mariaDb().startServer();
            Instant back = Instant.now();
            post(
                stack,
                SCALE.livePosts() - emulator.inserted(),
                SCALE.rate(),
                EmulatorSettings.Transactions.PER_POST,
                Duration.ZERO);
            return back;
          });

      // About ordering, not volume: each row's commit waits up to 2 s, so a few hundred posts do.
      scenario(
          stack,
          "4. commits out of key order (a transaction per row, 16 connections), delays up to 40% of the grace period",
          Math.min(SCALE.livePosts(), 300),
          0,
          16,
          EmulatorSettings.Transactions.PER_ROW,
          GRACE.multipliedBy(4).dividedBy(10),
          emulator -> Instant.now());

      streamsInstanceKilledThenAThirdJoins(stack);

      scenario(
          stack,
          "6. a Kafka broker (the active controller) SIGKILL under load, down "
              + SCALE.outage().toSeconds()
              + " s, brought back",
          SCALE.livePosts(),
          SCALE.rate(),
          emulator -> {
            awaitPosted(emulator, SCALE.livePosts() / 3);
            int controller = stack.admin().describeMetadataQuorum().quorumInfo().get().leaderId();
            stack.kafka().kill(controller);
            outage();
            stack.kafka().start(controller);
            stack.kafka().awaitFullyReplicated(SCALE.catchUp());
            return Instant.now();
          });

      // Posting runs through the whole restart, however long it takes: the emulator stops after.
      scenario(
          stack,
          "7. a rolling restart of all three brokers while posting (each stopped, started and back"
              + " in sync before the next)",
          1_000_000,
          SCALE.rate() == 0 ? 500 : SCALE.rate(),
          emulator -> {
            awaitPosted(emulator, 10);
            for (int broker : stack.kafka().ids()) {
              stack.kafka().stop(broker);
              stack.kafka().start(broker);
              stack.kafka().awaitFullyReplicated(SCALE.catchUp());
            }
            emulator.stop();
            return Instant.now();
          });

      scenario(
          stack,
          "8. S3 endpoint down " + SCALE.outage().toSeconds() + " s",
          SCALE.livePosts(),
          SCALE.rate(),
          emulator -> {
            awaitPosted(emulator, SCALE.livePosts() / 3);
            stack.s3().stopProcess();
            outage();
            stack.s3().startProcess();
            return Instant.now();
          });

      badInput(stack);
      // After every posting scenario: its hand-made geo keys lie far above the posts' numbers, and
      // the connector reads a table in key order. A post inserted afterwards with a lower key is
      // not a late commit but a key handed out out of order, which no key-ordered reader sees.
      beyondTheGracePeriod(stack);
      assertTheAnalyticsEqualTheDatabase(stack);
      noSecretInAnyLog(stack);
    } finally {
      writeResults();
    }
  }

  private static void loadInitialPosts(SourceDatabase database) throws Exception {
    new PostLoader(database).load(SampleData.posts());
    new PostLoader(database).load(new PostGenerator(7).posts(20_000, SCALE.initialPosts()));
  }

  // ---- scenarios ----

  private void scenario(
      DistributedPipeline stack, String name, long posts, double rate, Fault fault)
      throws Exception {
    scenario(
        stack, name, posts, rate, 2, EmulatorSettings.Transactions.PER_POST, Duration.ZERO, fault);
  }

  private void scenario(
      DistributedPipeline stack,
      String name,
      long posts,
      double rate,
      int connections,
      EmulatorSettings.Transactions transactions,
      Duration maxCommitDelay,
      Fault fault)
      throws Exception {
    // The first scenario counts the initial load too.
    Delivery before = rows.isEmpty() ? Delivery.NOTHING : counter.count();
    EmulatorSettings settings =
        new EmulatorSettings(rate, posts, connections, transactions, maxCommitDelay, seed++);
    PostingEmulator emulator =
        new PostingEmulator(
            stack.database(), PostSource.synthetic(new PostGenerator(seed++)), settings);
    CompletableFuture<PostingEmulator.Result> posting = emulator.runInBackground();
    Instant faultOver = fault.inject(emulator);
    try {
      posting.join();
    } catch (CompletionException failed) {
      throw new AssertionError(name + ": the emulator failed", failed.getCause());
    }
    // Recovery runs from the fault's end or the last post, whichever is later: nothing can be
    // caught up before it has been written.
    Instant lastInput = Instant.now().isAfter(faultOver) ? Instant.now() : faultOver;
    awaitThrough(name);
    double recovery = Duration.between(lastInput, Instant.now()).toMillis() / 1000.0;
    Delivery after = counter.count();
    long sent = after.posts() - before.posts();
    long duplicated = after.totalDuplicated() - before.totalDuplicated();
    row(name, sent, sent - after.totalLost(), after.totalLost(), duplicated, recovery, "");
    assertThat(after.lost())
        .as(name + ": lost per topic")
        .allSatisfy((topic, lost) -> assertThat(lost).as(topic).isZero());
    assertThat(after.duplicated())
        .as(name + ": duplicates per topic")
        .allSatisfy((topic, dup) -> assertThat(dup).as(topic).isZero());
  }

  /**
   * 8: what a REST Proxy client could send; each bad record to the DLQ with its reason, the rest
   * unaffected.
   */
  private void badInput(DistributedPipeline stack) throws Exception {
    List<BadInput.Bad> corpus = BadInput.corpus();
    Instant sent = Instant.now();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < corpus.size(); i++) {
        String topic = stack.topics().raw(corpus.get(i).part()).name();
        producer.send(
            new ProducerRecord<>(topic, Integer.toString(900_000_000 + i), corpus.get(i).value()));
      }
      producer.flush();
    }
    // Good posts around them, through the same topics.
    post(
        stack,
        SCALE.livePosts() / 2,
        SCALE.rate(),
        EmulatorSettings.Transactions.PER_POST,
        Duration.ZERO);
    Await.until(
        "every bad record in the DLQ",
        SCALE.catchUp(),
        () ->
            TopicReader.readAll(stack.bootstrapServers(), stack.topics().dlq().name()).size()
                >= corpus.size());
    awaitThrough("9. bad input");
    double recovery = Duration.between(sent, Instant.now()).toMillis() / 1000.0;
    List<ConsumerRecord<String, String>> dlq =
        TopicReader.readAll(stack.bootstrapServers(), stack.topics().dlq().name());
    assertThat(dlq).hasSize(corpus.size());
    assertThat(dlq)
        .allSatisfy(
            record -> assertThat(record.headers().lastHeader("pinpipe.dlq.reason")).isNotNull());
    assertThat(stack.streamsInstances())
        .as("the Streams app never stops")
        .allSatisfy(instance -> assertThat(stack.streamsAlive(instance)).isTrue());
    Delivery after = counter.count();
    assertThat(after.totalLost()).isZero();
    assertThat(after.totalDuplicated()).isZero();
    row(
        "9. bad-input corpus on the raw topics ("
            + corpus.size()
            + " records, "
            + BadInput.KINDS
            + ")",
        corpus.size(),
        dlq.size(),
        corpus.size() - dlq.size(),
        0,
        recovery,
        "received = in the DLQ, each with its reason header; the good posts around them all through; the app kept running");
  }

  /**
   * 4b: a row whose transaction stays open longer than the grace period after a higher key is
   * visible. The connector moves past it (saying so at WARN), keeps its key in the offset, and
   * delivers the row late, with the header pinpipe.late, when it commits within the re-check
   * horizon.
   */
  private void beyondTheGracePeriod(DistributedPipeline stack) throws Exception {
    int held = 800_000_000;
    try (Connection late = stack.database().open();
        Connection others = stack.database().open()) {
      late.setAutoCommit(false);
      insertGeo(late, held);
      insertGeo(others, held + 1);
      // The gap runs from the last key delivered to the held one: "keys <last + 1>..<held> still
      // missing".
      Await.until(
          "the connector to log that it moved past key " + held,
          GRACE.multipliedBy(12),
          () -> logMentions(stack, ".." + held + " still missing"));
      late.commit();
    }
    String geo = stack.topics().raw(SourcePart.GEO).name();
    Await.until(
        "the held row delivered late",
        GRACE.multipliedBy(12),
        () ->
            TopicReader.readAll(stack.bootstrapServers(), geo).stream()
                .anyMatch(record -> record.key().equals(Integer.toString(held))));
    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> copies =
        TopicReader.readAll(stack.bootstrapServers(), geo).stream()
            .filter(record -> record.key().equals(Integer.toString(held)))
            .toList();
    assertThat(copies).as("the row committed after the grace period, delivered once").hasSize(1);
    assertThat(copies.get(0).headers().lastHeader("pinpipe.late")).as("marked late").isNotNull();
    long delivered = copies.size();
    row(
        "4b. a transaction held open past the grace period ("
            + GRACE.toSeconds()
            + " s), then committed",
        1,
        delivered,
        1 - delivered,
        0,
        0,
        "moved past at WARN, re-checked from the offset, delivered late with the header pinpipe.late");
    // Geo rows without their pin and user rows: take them out, so the later checks count posts.
    try (Connection connection = stack.database().open();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM `geolocation_data` WHERE `ind` IN (?, ?)")) {
      delete.setInt(1, held);
      delete.setInt(2, held + 1);
      delete.executeUpdate();
    }
  }

  private void assertTheAnalyticsEqualTheDatabase(DistributedPipeline stack) throws Exception {
    awaitAnalyticsCurrent(stack);
  }

  /**
   * 5: the Streams instance that runs tasks is killed under load; its standby on the other instance
   * takes over. Counted like every scenario, then timed until every {@code stats.*} table equals
   * the database's answer again. Then a third instance joins: timed until it runs tasks of its own
   * and the tables are current again.
   */
  private void streamsInstanceKilledThenAThirdJoins(DistributedPipeline stack) throws Exception {
    AtomicReference<Instant> killed = new AtomicReference<>();
    scenario(
        stack,
        "5. a Streams instance SIGKILL under load: the other took its tasks (standby promoted)"
            + " (exactly_once_v2)",
        SCALE.livePosts(),
        SCALE.rate(),
        emulator -> {
          awaitPosted(emulator, SCALE.livePosts() / 3);
          stack.killStreams(stack.streamsInstances().get(0));
          killed.set(Instant.now());
          return killed.get();
        });
    awaitAnalyticsCurrent(stack);
    double current = Duration.between(killed.get(), Instant.now()).toMillis() / 1000.0;
    row(
        "5a. ... every stats.* table equal to the database's answer again",
        0,
        0,
        0,
        0,
        current,
        "seconds from the kill; posting went on meanwhile");

    Instant joined = Instant.now();
    stack.startStreams();
    try {
      // A joining instance warms its tasks' state up and takes them at a probing rebalance.
      Await.until(
          "both running Streams instances (the survivor and the new one) running tasks",
          SCALE.catchUp(),
          () -> instancesWithTasks(stack) == stack.streamsInstances().size());
    } catch (AssertionError notSpread) {
      throw new AssertionError(
          notSpread.getMessage() + "; assignment: " + assignment(stack), notSpread);
    }
    double spread = Duration.between(joined, Instant.now()).toMillis() / 1000.0;
    post(
        stack,
        SCALE.livePosts(),
        SCALE.rate(),
        EmulatorSettings.Transactions.PER_POST,
        Duration.ZERO);
    awaitThrough("5b. a third Streams instance");
    awaitAnalyticsCurrent(stack);
    Delivery after = counter.count();
    assertThat(after.totalLost()).isZero();
    assertThat(after.totalDuplicated()).isZero();
    row(
        "5b. a third Streams instance joined: tasks spread over it and the survivor",
        SCALE.livePosts(),
        SCALE.livePosts() - after.totalLost(),
        after.totalLost(),
        after.totalDuplicated(),
        spread,
        String.format(
            "recovery = seconds until the new instance ran tasks; then %,d posts through it and"
                + " every stats.* table current, %.1f s from the start",
            SCALE.livePosts(), Duration.between(joined, Instant.now()).toMillis() / 1000.0));
  }

  /** Each member of the Streams app's group with the partitions assigned to it. */
  private static Map<String, Integer> assignment(DistributedPipeline stack) throws Exception {
    Map<String, Integer> partitions = new TreeMap<>();
    stack
        .admin()
        .describeConsumerGroups(List.of(DistributedPipeline.APPLICATION_ID))
        .all()
        .get()
        .get(DistributedPipeline.APPLICATION_ID)
        .members()
        .forEach(
            member ->
                partitions.put(member.clientId(), member.assignment().topicPartitions().size()));
    return partitions;
  }

  /** Instances of the Streams app (not threads) that have partitions assigned. */
  private static long instancesWithTasks(DistributedPipeline stack) throws Exception {
    ConsumerGroupDescription group =
        stack
            .admin()
            .describeConsumerGroups(List.of(DistributedPipeline.APPLICATION_ID))
            .all()
            .get()
            .get(DistributedPipeline.APPLICATION_ID);
    // A thread's client id is <application.id>-<process id>-StreamThread-<n>-consumer.
    return group.members().stream()
        .filter(member -> !member.assignment().topicPartitions().isEmpty())
        .map(member -> member.clientId().replaceFirst("-StreamThread-.*", ""))
        .distinct()
        .count();
  }

  /** Waits until the connector and all its tasks of both connectors run on exactly {@code on}. */
  private static void awaitConnectorsOn(DistributedPipeline stack, Set<String> on)
      throws Exception {
    Await.until(
        "the connectors' tasks running on " + on,
        SCALE.catchUp(),
        () -> {
          Set<String> workers = new TreeSet<>();
          for (String connector :
              List.of(DistributedPipeline.SOURCE_CONNECTOR, DistributedPipeline.S3_SINK)) {
            List<String> running;
            try {
              running = stack.connect().runningOn(connector);
            } catch (IOException rebalancing) {
              // A worker answers 409 while the group rebalances: ask again.
              return false;
            }
            // The connector itself and its tasks: 3 source tasks (a table each), 2 sink tasks.
            if (running.size() < 3) {
              return false;
            }
            workers.addAll(running);
          }
          return workers.equals(on);
        });
  }

  /** Waits until every {@code stats.*} table equals the database's own answer. */
  private static void awaitAnalyticsCurrent(DistributedPipeline stack) throws Exception {
    Map<AnalyticsTable, Set<JsonNode>> expected = DatabaseAnswers.compute(stack.database());
    for (AnalyticsTable table : AnalyticsTable.values()) {
      String topic = stack.topics().stats(table).name();
      Await.until(
          topic + " equal to the database's answer",
          SCALE.catchUp(),
          () -> DatabaseAnswers.asJson(latest(stack, topic)).equals(expected.get(table)));
    }
  }

  private static List<String> latest(DistributedPipeline stack, String topic) {
    Map<String, String> table = new TreeMap<>();
    for (ConsumerRecord<String, String> record :
        TopicReader.readAll(stack.bootstrapServers(), topic)) {
      LatestPerKey.apply(table, record.key(), record.value());
    }
    return table.values().stream().sorted().toList();
  }

  /** 9: the database password and the S3 secret key never appear in any log of the suite. */
  private void noSecretInAnyLog(DistributedPipeline stack) throws Exception {
    List<Path> logs = stack.logs();
    assertThat(logs).as("logs to search").isNotEmpty();
    for (Path log : logs) {
      String text = Files.readString(log, StandardCharsets.ISO_8859_1);
      assertThat(text)
          .as(log.toString())
          .doesNotContain(stack.databasePassword())
          .doesNotContain(stack.s3().secretKey());
    }
    row(
        "10. secrets: the database password and the S3 secret key searched in "
            + logs.size()
            + " log files",
        0,
        0,
        0,
        0,
        0,
        "not found; configs carry ${file:...} references only");
  }

  // ---- helpers ----

  /** Waits until every post is through; a timeout says what is still missing, and where. */
  private void awaitThrough(String name) throws Exception {
    try {
      Await.until(name + ": every post through", SCALE.catchUp(), () -> counter.count().complete());
    } catch (AssertionError timedOut) {
      Delivery now = counter.count();
      throw new AssertionError(
          timedOut.getMessage()
              + "; lost "
              + now.lost()
              + ", most posts above the sink's committed offset "
              + now.mostUnwritten(),
          timedOut);
    }
  }

  private void post(
      DistributedPipeline stack,
      long posts,
      double rate,
      EmulatorSettings.Transactions transactions,
      Duration delay)
      throws Exception {
    if (posts > 0) {
      new PostingEmulator(
              stack.database(),
              PostSource.synthetic(new PostGenerator(seed++)),
              new EmulatorSettings(rate, posts, 2, transactions, delay, seed++))
          .run();
    }
  }

  private static void insertGeo(Connection connection, int ind) throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO `geolocation_data` (`ind`, `timestamp`, `latitude`, `longitude`, `country`) VALUES (?, NOW(), 1.5, 2.5, 'Chad')")) {
      insert.setInt(1, ind);
      insert.executeUpdate();
    }
  }

  private static boolean logMentions(DistributedPipeline stack, String text) throws Exception {
    for (Path log : stack.logs()) {
      if (Files.readString(log, StandardCharsets.ISO_8859_1).contains(text)) {
        return true;
      }
    }
    return false;
  }

  private static void awaitPosted(PostingEmulator emulator, long posts) throws Exception {
    Await.until(
        posts + " posts inserted", Duration.ofMinutes(10), () -> emulator.inserted() >= posts);
  }

  /** Keeps a part down: the outage is the scenario, not a wait for something to happen. */
  private static void outage() throws InterruptedException {
    Thread.sleep(SCALE.outage().toMillis());
  }

  private void row(
      String scenario,
      long sent,
      long received,
      long lost,
      long duplicated,
      double recoverySeconds,
      String note) {
    rows.add(
        String.format(
            "| %s | %,d | %,d | %,d | %,d | %.1f | %s |",
            scenario, sent, received, lost, duplicated, recoverySeconds, note));
  }

  private void writeResults() throws Exception {
    Path results = Path.of("target", "reliability", "results.md");
    Files.createDirectories(results.getParent());
    List<String> lines = new ArrayList<>();
    lines.add("Scale: " + SCALE);
    lines.add("");
    lines.add("| scenario | sent | received | lost | duplicated | recovery s | note |");
    lines.add("|---|---:|---:|---:|---:|---:|---|");
    lines.addAll(rows);
    Files.write(results, lines, StandardCharsets.UTF_8);
  }

  /** A fault injected while the emulator posts; returns when it is over (recovery starts). */
  @FunctionalInterface
  interface Fault {
    Instant inject(PostingEmulator emulator) throws Exception;
  }
}
