package io.pinpipe.local.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.local.kafka.LocalKafka;
import io.pinpipe.local.layout.Distribution;
import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.support.connect.ChildConnectWorker;
import io.pinpipe.support.connect.ConnectRest;
import io.pinpipe.support.process.FreePorts;
import io.pinpipe.support.s3.S3ProxyServer;
import io.pinpipe.support.testing.Await;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local S3 sink, from its plugin zip, with the shipped sink config, in a Connect worker in its
 * own JVM that is killed with SIGKILL while an object is half written and before any offset was
 * committed. After a restart the objects are exactly those a crash-free run writes: the same names,
 * the same contents, every record once.
 */
class S3SinkWorkerKillIT {

  private static final String TOPIC = "kill.pin";
  private static final int PARTITIONS = 2;
  private static final int FLUSH_SIZE = 100;
  private static final int FIRST_WAVE = 650;
  private static final int PER_PARTITION = 1_000;

  /** All records in one hour of record time, so objects rotate on flush.size alone. */
  private static final long RECORD_TIME = Instant.parse("2024-01-01T10:15:00Z").toEpochMilli();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aWorkerKilledMidObjectLeavesTheSameObjectsAsACleanRun(@TempDir Path work) throws Exception {
    try (LocalKafka kafka =
            LocalKafka.start(work.resolve("kafka"), FreePorts.next(), FreePorts.next());
        S3ProxyServer s3 =
            S3ProxyServer.start(
                work.resolve("s3"), Distribution.locate().s3proxyJar(), FreePorts.next());
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
      Files.createDirectories(s3.dataDirectory().resolve(LocalConnectorConfigs.BUCKET));
      Path objects =
          s3.dataDirectory().resolve(LocalConnectorConfigs.BUCKET).resolve("topics").resolve(TOPIC);

      Map<String, String> worker =
          LocalConnect.workerConfig(
              kafka.bootstrapServers(),
              FreePorts.next(),
              LocalConnect.unpackPlugins(work.resolve("plugins"), pluginZips()),
              work.resolve("user-plugins"));
      // No offset commit before the kill: everything written so far must be redone after it.
      worker.put("offset.flush.interval.ms", "600000");
      // A killed member leaves the groups after this long, not the default 45 s.
      worker.put("session.timeout.ms", "6000");
      worker.put("heartbeat.interval.ms", "1000");
      worker.put("consumer.session.timeout.ms", "6000");
      worker.put("consumer.heartbeat.interval.ms", "1000");
      Map<String, String> sink =
          LocalConnectorConfigs.s3Sink("kill.", s3.url(), s3.credentialsFile(), false);
      sink.put("flush.size", Integer.toString(FLUSH_SIZE));
      // The shipped rotation only: no wall-clock rotation, so object boundaries come from offsets.
      sink.remove("rotate.schedule.interval.ms");

      produce(kafka.bootstrapServers(), 0, FIRST_WAVE);
      Map<String, List<String>> beforeKill;
      try (ChildConnectWorker first =
          new ChildConnectWorker(
              work.resolve("worker"), worker, Distribution.locate().launch("512m"))) {
        ConnectRest rest = first.start();
        rest.putConnector("pinpipe-s3-sink", sink);
        int fullObjects = PARTITIONS * (FIRST_WAVE / FLUSH_SIZE);
        Await.until(
            fullObjects + " objects",
            Duration.ofSeconds(120),
            () -> objects(objects).size() >= fullObjects);
        beforeKill = objects(objects);
        // 50 records per partition sit in open objects now, none of their offsets committed.
        first.kill();
      }
      assertThat(beforeKill).hasSize(PARTITIONS * (FIRST_WAVE / FLUSH_SIZE));

      produce(kafka.bootstrapServers(), FIRST_WAVE, PER_PARTITION);
      try (ChildConnectWorker second =
          new ChildConnectWorker(
              work.resolve("worker"), worker, Distribution.locate().launch("512m"))) {
        second.start();
        int allObjects = PARTITIONS * (PER_PARTITION / FLUSH_SIZE);
        Await.until(
            allObjects + " objects",
            Duration.ofSeconds(180),
            () -> objects(objects).size() >= allObjects);
      }

      Map<String, List<String>> after = objects(objects);
      List<String> expectedNames = new ArrayList<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        for (int offset = 0; offset < PER_PARTITION; offset += FLUSH_SIZE) {
          expectedNames.add(String.format("%s+%d+%010d.json.gz", TOPIC, partition, offset));
        }
      }
      assertThat(after.keySet())
          .as("object names")
          .containsExactlyInAnyOrderElementsOf(expectedNames);
      assertThat(after)
          .as("objects written before the kill, unchanged")
          .containsAllEntriesOf(beforeKill);
      List<String> records = after.values().stream().flatMap(List::stream).sorted().toList();
      List<String> expectedRecords = new ArrayList<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        for (int n = 0; n < PER_PARTITION; n++) {
          expectedRecords.add(value(partition, n));
        }
      }
      assertThat(records)
          .as("every record once")
          .isEqualTo(expectedRecords.stream().map(S3SinkWorkerKillIT::canonical).sorted().toList());
    }
  }

  private static void produce(String bootstrap, int from, int to) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (int n = from; n < to; n++) {
        for (int partition = 0; partition < PARTITIONS; partition++) {
          producer.send(
              new ProducerRecord<>(
                  TOPIC, partition, RECORD_TIME, partition + "-" + n, value(partition, n)));
        }
      }
      producer.flush();
    }
  }

  private static String value(int partition, int n) {
    return "{\"partition\": " + partition + ", \"n\": " + n + "}";
  }

  /** Each object by file name, with its lines in canonical JSON. */
  private static Map<String, List<String>> objects(Path directory) throws Exception {
    Map<String, List<String>> objects = new TreeMap<>();
    for (Path file : S3Objects.objectFiles(directory)) {
      try (BufferedReader reader = S3Objects.openLines(file)) {
        objects.put(
            file.getFileName().toString(),
            reader.lines().map(S3SinkWorkerKillIT::canonical).toList());
      }
    }
    return objects;
  }

  private static String canonical(String json) {
    try {
      return JSON.writeValueAsString(JSON.readValue(json, TreeMap.class));
    } catch (Exception e) {
      throw new IllegalStateException(json, e);
    }
  }

  private static List<Path> pluginZips() throws Exception {
    try (Stream<Path> files = Files.list(Distribution.locate().plugins())) {
      return files.filter(file -> file.toString().endsWith(".zip")).sorted().toList();
    }
  }
}
