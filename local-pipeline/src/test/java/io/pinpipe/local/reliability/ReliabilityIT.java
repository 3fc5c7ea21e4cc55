package io.pinpipe.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pinpipe.local.testing.DatabaseAnswers;
import io.pinpipe.local.testing.TopicReader;
import io.pinpipe.sourcedb.emulator.EmulatorSettings;
import io.pinpipe.sourcedb.emulator.PostSource;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.sourcedb.testing.Await;
import io.pinpipe.streams.stats.AnalyticsTable;
import io.pinpipe.streams.topology.SourcePart;
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
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability suite: one pipeline (every part in its own process or server) taken through every
 * fault in turn while the emulator posts; after each, the suite waits for the pipeline to catch up
 * and counts what went in and what came out (read_committed readers, S3 objects up to the sink's
 * committed offsets), failing on any loss or duplicate. CI runs it scaled down; {@code
 * -Dpinpipe.reliability=full} runs the sizes of RELIABILITY.md's full column. Each scenario's
 * figures go to {@code target/reliability/results.md}.
 */
class ReliabilityIT {

  private static final Scale SCALE = Scale.current();
  private static final Duration GRACE = Duration.ofMillis(5_000);

  private final List<String> rows = new ArrayList<>();
  private Delivery.Counter counter;
  private long seed = 100;

  @Test
  void everyFaultInTurnLosesNothingAndDoublesNothing(@TempDir Path work) throws Exception {
    try (ReliabilityStack stack = ReliabilityStack.start(work, SCALE.initialPosts());
        Delivery.Counter counting = new Delivery.Counter(stack)) {
      counter = counting;
      scenario(
          stack,
          "1. initial load of " + SCALE.initialPosts() + " posts, then live inserts",
          SCALE.livePosts(),
          0,
          emulator -> Instant.now());

      scenario(
          stack,
          "2. Connect worker SIGKILL mid-load, restarted (exactly-once source)",
          SCALE.livePosts(),
          SCALE.rate(),
          emulator -> {
            awaitPosted(emulator, SCALE.livePosts() / 3);
            stack.worker.kill();
            stack.connect = stack.worker.start();
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
            stack.mariaDb.stopServer();
            outage();
            assertThat(stack.connect.status("pinpipe-mysql-source"))
                .as("source connector during the outage")
                .isEqualTo("RUNNING");
            stack.mariaDb.startServer();
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

      scenario(
          stack,
          "5. Streams app SIGKILL mid-run, restarted (exactly_once_v2)",
          SCALE.livePosts(),
          SCALE.rate(),
          emulator -> {
            awaitPosted(emulator, SCALE.livePosts() / 3);
            stack.killStreams();
            stack.startStreams();
            return Instant.now();
          });

      scenario(
          stack,
          "6. Kafka broker restarted mid-run",
          SCALE.livePosts(),
          SCALE.rate(),
          emulator -> {
            awaitPosted(emulator, SCALE.livePosts() / 3);
            stack.restartKafka();
            return Instant.now();
          });

      scenario(
          stack,
          "7. S3 endpoint down " + SCALE.outage().toSeconds() + " s",
          SCALE.livePosts(),
          SCALE.rate(),
          emulator -> {
            awaitPosted(emulator, SCALE.livePosts() / 3);
            stack.s3.stopProcess();
            outage();
            stack.s3.startProcess();
            return Instant.now();
          });

      badInput(stack);
      beyondTheGracePeriod(stack);
      assertTheAnalyticsEqualTheDatabase(stack);
      noSecretInAnyLog(stack);
    } finally {
      writeResults();
    }
  }

  // ---- scenarios ----

  private void scenario(ReliabilityStack stack, String name, long posts, double rate, Fault fault)
      throws Exception {
    scenario(
        stack, name, posts, rate, 2, EmulatorSettings.Transactions.PER_POST, Duration.ZERO, fault);
  }

  private void scenario(
      ReliabilityStack stack,
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
        new PostingEmulator(stack.root, PostSource.synthetic(new PostGenerator(seed++)), settings);
    AtomicReference<Exception> failed = new AtomicReference<>();
    Thread posting =
        new Thread(
            () -> {
              try {
                emulator.run();
              } catch (Exception e) {
                failed.set(e);
              }
            },
            "emulator");
    posting.start();
    Instant faultOver = fault.inject(emulator);
    posting.join();
    // Recovery runs from the fault's end or the last post, whichever is later: nothing can be
    // caught up before it has been written.
    Instant lastInput = Instant.now().isAfter(faultOver) ? Instant.now() : faultOver;
    if (failed.get() != null) {
      throw new AssertionError(name + ": the emulator failed", failed.get());
    }
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
  private void badInput(ReliabilityStack stack) throws Exception {
    List<BadInput.Bad> corpus = BadInput.corpus();
    Instant sent = Instant.now();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < corpus.size(); i++) {
        String topic = stack.topics.raw(corpus.get(i).part()).name();
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
            TopicReader.readAll(stack.kafka.bootstrapServers(), stack.topics.dlq().name()).size()
                >= corpus.size());
    awaitThrough("8. bad input");
    double recovery = Duration.between(sent, Instant.now()).toMillis() / 1000.0;
    List<ConsumerRecord<String, String>> dlq =
        TopicReader.readAll(stack.kafka.bootstrapServers(), stack.topics.dlq().name());
    assertThat(dlq).hasSize(corpus.size());
    assertThat(dlq)
        .allSatisfy(
            record -> assertThat(record.headers().lastHeader("pinpipe.dlq.reason")).isNotNull());
    assertThat(stack.streamsAlive()).as("the Streams app never stops").isTrue();
    Delivery after = counter.count();
    assertThat(after.totalLost()).isZero();
    assertThat(after.totalDuplicated()).isZero();
    row(
        "8. bad-input corpus on the raw topics ("
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
  private void beyondTheGracePeriod(ReliabilityStack stack) throws Exception {
    int held = 800_000_000;
    try (Connection late = stack.root.open();
        Connection others = stack.root.open()) {
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
    String geo = stack.topics.raw(SourcePart.GEO).name();
    Await.until(
        "the held row delivered late",
        GRACE.multipliedBy(12),
        () ->
            TopicReader.readAll(stack.kafka.bootstrapServers(), geo).stream()
                .anyMatch(record -> record.key().equals(Integer.toString(held))));
    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> copies =
        TopicReader.readAll(stack.kafka.bootstrapServers(), geo).stream()
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
    try (Connection connection = stack.root.open();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM `geolocation_data` WHERE `ind` IN (?, ?)")) {
      delete.setInt(1, held);
      delete.setInt(2, held + 1);
      delete.executeUpdate();
    }
  }

  private void assertTheAnalyticsEqualTheDatabase(ReliabilityStack stack) throws Exception {
    Map<AnalyticsTable, Set<JsonNode>> expected = DatabaseAnswers.compute(stack.root);
    for (AnalyticsTable table : AnalyticsTable.values()) {
      String topic = stack.topics.stats(table).name();
      Await.until(
          topic + " equal to the database's answer",
          SCALE.catchUp(),
          () -> DatabaseAnswers.asJson(latest(stack, topic)).equals(expected.get(table)));
    }
  }

  private static List<String> latest(ReliabilityStack stack, String topic) {
    Map<String, String> table = new TreeMap<>();
    for (ConsumerRecord<String, String> record :
        TopicReader.readAll(stack.kafka.bootstrapServers(), topic)) {
      if (record.value() == null) {
        table.remove(record.key());
      } else {
        table.put(record.key(), record.value());
      }
    }
    return table.values().stream().sorted().toList();
  }

  /** 9: the database password and the S3 secret key never appear in any log of the suite. */
  private void noSecretInAnyLog(ReliabilityStack stack) throws Exception {
    List<Path> logs = stack.logs();
    assertThat(logs).as("logs to search").isNotEmpty();
    for (Path log : logs) {
      String text = Files.readString(log, StandardCharsets.ISO_8859_1);
      assertThat(text)
          .as(log.toString())
          .doesNotContain(stack.databasePassword)
          .doesNotContain(stack.s3.secretKey());
    }
    row(
        "9. secrets: the database password and the S3 secret key searched in "
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
              + ", most records above the sink's committed offset "
              + now.mostUnwritten(),
          timedOut);
    }
  }

  private void post(
      ReliabilityStack stack,
      long posts,
      double rate,
      EmulatorSettings.Transactions transactions,
      Duration delay)
      throws Exception {
    if (posts > 0) {
      new PostingEmulator(
              stack.root,
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

  private static boolean logMentions(ReliabilityStack stack, String text) throws Exception {
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
