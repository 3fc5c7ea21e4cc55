package io.pinpipe.local.restproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.local.kafka.LocalKafka;
import io.pinpipe.local.restproxy.RestProxyStandIn.Behaviour;
import io.pinpipe.streams.config.StreamsAppConfig;
import io.pinpipe.streams.topology.LatestPerKey;
import io.pinpipe.streams.topology.PinPipeTopology;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.streams.topology.Topics;
import io.pinpipe.streams.topology.TopologySettings;
import io.pinpipe.support.kafka.TopicReader;
import io.pinpipe.support.process.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped REST Proxy requests sent for real: {@code rest-proxy-config/requests/produce.sh} run
 * by bash against {@link RestProxyStandIn}, which decodes them as the REST Proxy's v2 JSON format
 * does and writes to a real KRaft broker. The records read back must be keyed and partitioned as
 * the source connector keys and partitions the same posts, and a deletion sent this way must
 * retract the post through the Streams app's production topology.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestProxyRequestsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = Topics.DEFAULT_PREFIX;
  private static final int PARTITIONS = 6;
  private static final Path SCRIPT =
      Path.of("..", "rest-proxy-config", "requests", "produce.sh").toAbsolutePath().normalize();

  private final Topics topics = new Topics(PREFIX);
  private LocalKafka kafka;
  private RestProxyStandIn proxy;

  @BeforeAll
  void start(@TempDir Path work) throws Exception {
    kafka = LocalKafka.start(work.resolve("kafka"), FreePorts.next(), FreePorts.next());
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .createTopics(
              topics.rawNames().stream()
                  .map(name -> new NewTopic(name, PARTITIONS, (short) 1))
                  .toList())
          .all()
          .get();
    }
    proxy = new RestProxyStandIn(kafka.bootstrapServers());
  }

  @AfterAll
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theSamplesAreKeyedAndPartitionedAsTheConnectorWritesTheSamePostsAndADeletionRetractsThePost()
      throws Exception {
    proxy.behave(Behaviour.WRITE);
    assertThat(produce()).as("produce.sh").extracting(Run::exitCode).isEqualTo(0);

    List<ConsumerRecord<String, String>> written = new ArrayList<>();
    for (SourcePart part : SourcePart.values()) {
      List<ConsumerRecord<String, String>> records =
          TopicReader.readAll(kafka.bootstrapServers(), topics.raw(part).name());
      assertThat(records)
          .as(part.topic())
          .hasSize(2)
          .allSatisfy(
              record -> {
                String key = record.key();
                // The connector writes the post number's digits as the key (StringConverter); the
                // producer's default partitioner then places it by murmur2 of those bytes.
                assertThat(key).as("key").isEqualTo(postNumberOf(record.value(), part));
                assertThat(record.partition())
                    .as("partition of post " + key)
                    .isEqualTo(connectorPartition(key));
              });
      written.addAll(records);
    }

    Run deletion = produce("delete", "52");
    assertThat(deletion.exitCode()).as(deletion.output()).isEqualTo(0);
    List<ConsumerRecord<String, String>> tombstones = new ArrayList<>();
    for (SourcePart part : SourcePart.values()) {
      List<ConsumerRecord<String, String>> records =
          TopicReader.readAll(kafka.bootstrapServers(), topics.raw(part).name());
      ConsumerRecord<String, String> last =
          records.stream()
              .filter(record -> record.value() == null)
              .reduce((first, second) -> second)
              .orElseThrow();
      assertThat(last.key()).isEqualTo("52");
      assertThat(last.partition()).isEqualTo(connectorPartition("52"));
      tombstones.add(last);
    }

    try (TopologyTestDriver driver = productionTopology()) {
      Map<String, String> posts = new TreeMap<>();
      pipe(driver, written);
      assertThat(readPosts(driver, posts)).containsOnlyKeys("33", "52");
      pipe(driver, tombstones);
      assertThat(readPosts(driver, posts)).containsOnlyKeys("33");
      assertThat(
              driver
                  .createOutputTopic(
                      topics.dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                  .isEmpty())
          .as("nothing rejected")
          .isTrue();
    }
  }

  @Test
  void produceShFailsWhenTheProxyAnswers200ButARecordFailed() throws Exception {
    proxy.behave(Behaviour.FAIL_EVERY_RECORD);
    Run run = produce();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output())
        .contains("produce to " + PREFIX + "pin: at least one record was not written", "50003");
  }

  @Test
  void produceShGivesUpOnARequestThatDoesNotAnswerInTime() throws Exception {
    proxy.behave(Behaviour.HANG);
    Run run = produce(Map.of("MAX_TIME", "1"), "delete", "7");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("produce to " + PREFIX + "pin failed (no answer within 1s");
  }

  private record Run(int exitCode, String output) {}

  private Run produce(String... args) throws IOException, InterruptedException {
    return produce(Map.of(), args);
  }

  private Run produce(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("API_URL", proxy.url());
    builder.environment().put("TOPIC_PREFIX", PREFIX);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("produce.sh ended").isTrue();
    return new Run(process.exitValue(), output);
  }

  private static String postNumberOf(String value, SourcePart part) {
    try {
      return JSON.readTree(value).get(part.keyField()).asText();
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + value, e);
    }
  }

  private static int connectorPartition(String postNumber) {
    return Utils.toPositive(Utils.murmur2(postNumber.getBytes(StandardCharsets.UTF_8)))
        % PARTITIONS;
  }

  private TopologyTestDriver productionTopology() throws IOException {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "rest-proxy-requests-it");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsAppConfig.GLOBAL_PROCESSING_EXCEPTION_HANDLER, "true");
    config.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("rest-proxy-it").toString());
    return new TopologyTestDriver(PinPipeTopology.build(TopologySettings.inMemory(PREFIX)), config);
  }

  private void pipe(TopologyTestDriver driver, List<ConsumerRecord<String, String>> records) {
    for (ConsumerRecord<String, String> record : records) {
      TestInputTopic<byte[], byte[]> input =
          driver.createInputTopic(
              record.topic(),
              new ByteArraySerializer(),
              new ByteArraySerializer(),
              Instant.EPOCH,
              Duration.ZERO);
      input.pipeInput(bytes(record.key()), bytes(record.value()));
    }
  }

  /**
   * Folds what the posts topic received since the last call into {@code latest}: the latest value
   * per key.
   */
  private static byte[] bytes(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, String> readPosts(TopologyTestDriver driver, Map<String, String> latest) {
    driver
        .createOutputTopic(
            topics.posts().name(), new StringDeserializer(), new StringDeserializer())
        .readRecordsToList()
        .forEach(record -> LatestPerKey.apply(latest, record.key(), record.value()));
    return latest;
  }
}
