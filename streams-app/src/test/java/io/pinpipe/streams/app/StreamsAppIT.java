package io.pinpipe.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.streams.config.StreamsAppConfig;
import io.pinpipe.streams.stats.AnalyticsTable;
import io.pinpipe.streams.testing.EmbeddedKafka;
import io.pinpipe.streams.topology.LatestPerKey;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.streams.topology.Topics;
import io.pinpipe.support.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app on a real KRaft broker with exactly-once: the sample end to end, then a restart that must
 * not duplicate any committed output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsAppIT {

  private static final Pattern KEY = Pattern.compile("\"(?:index|ind)\": (\\d+)");
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private EmbeddedKafka kafka;
  private final Topics topics = new Topics("it.");

  @BeforeAll
  void startBroker() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(3, topics.rawNames().toArray(String[]::new));
    for (String file : SampleData.FILES) {
      List<Map.Entry<String, String>> records = new ArrayList<>();
      for (String line : SampleData.rawLines(file)) {
        Matcher key = KEY.matcher(line);
        key.find();
        records.add(Map.entry(key.group(1), line));
      }
      kafka.send("it." + file.replace(".jsonl", ""), records);
    }
  }

  @AfterAll
  void stopBroker() throws Exception {
    kafka.close();
  }

  private StreamsAppConfig config(Path stateDir) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", kafka.bootstrapServers());
    properties.put("application.id", "pinpipe-streams-it");
    properties.put("topic.prefix", "it.");
    properties.put("topic.replication.factor", "1");
    properties.put("replication.factor", "1");
    properties.put("state.dir", stateDir.toString());
    properties.put("commit.interval.ms", "200");
    properties.put("health.port", "0");
    return StreamsAppConfig.of(properties, Map.of());
  }

  @Test
  void processesTheSampleExactlyOnceAndRestartsWithoutDuplicatingOutput(@TempDir Path stateDir)
      throws Exception {
    Map<AnalyticsTable, List<String>> expectedStats = expectedStats();
    try (StreamsApp app = StreamsApp.start(config(stateDir))) {
      Await.until(
          "the sample's 600 posts",
          PATIENCE,
          () -> kafka.readCommitted(topics.posts().name()).size() >= 600);
      try {
        Await.until("the analytics tables", PATIENCE, () -> latestStats().equals(expectedStats));
      } catch (AssertionError timedOut) {
        // Say which table differs and how, rather than only that the wait ran out.
        Map<AnalyticsTable, List<String>> actual = latestStats();
        for (AnalyticsTable table : AnalyticsTable.values()) {
          assertThat(actual.get(table))
              .as(table.tableName())
              .containsExactlyElementsOf(expectedStats.get(table));
        }
        throw timedOut;
      }
      assertThat(health(app.healthPort(), "/ready"))
          .startsWith("200 {\"state\": \"RUNNING\", \"lag\": ");
    }

    Map<String, Integer> countsBeforeRestart = recordCounts();
    assertThat(countsBeforeRestart.get(topics.posts().name())).isEqualTo(600);
    for (SourcePart part : SourcePart.values()) {
      assertThat(countsBeforeRestart.get(topics.cleanName(part))).isEqualTo(600);
    }

    try (StreamsApp app = StreamsApp.start(config(stateDir))) {
      Await.until(
          "the restarted app to run", PATIENCE, () -> app.state() == KafkaStreams.State.RUNNING);
      kafka.send(
          "it.pin",
          List.of(
              Map.entry(
                  "99999",
                  SampleData.rawLines("pin.jsonl")
                      .get(0)
                      .replace("\"index\": 33", "\"index\": 99999"))));
      kafka.send(
          "it.geo",
          List.of(
              Map.entry(
                  "99999",
                  SampleData.rawLines("geo.jsonl")
                      .get(0)
                      .replace("\"ind\": 33", "\"ind\": 99999"))));
      kafka.send(
          "it.user",
          List.of(
              Map.entry(
                  "99999",
                  SampleData.rawLines("user.jsonl")
                      .get(0)
                      .replace("\"ind\": 33", "\"ind\": 99999"))));
      Await.until(
          "the post sent after the restart",
          PATIENCE,
          () ->
              kafka.readCommitted(topics.posts().name()).stream()
                  .anyMatch(r -> r.key().equals("99999")));
    }

    List<ConsumerRecord<String, String>> posts = kafka.readCommitted(topics.posts().name());
    Map<String, Long> perKey =
        posts.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    assertThat(perKey)
        .hasSize(601)
        .allSatisfy((key, count) -> assertThat(count).as("records for post %s", key).isEqualTo(1L));
    for (SourcePart part : SourcePart.values()) {
      assertThat(kafka.readCommitted(topics.cleanName(part))).hasSize(601);
    }
    assertThat(kafka.readCommitted(topics.dlq().name())).isEmpty();
  }

  @Test
  void createsStatsTopicsCompactedWithTheRawPartitionCount() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      new TopicSetup(admin, topics).createOutputTopics(3, (short) 1);
      String stats = topics.stats(AnalyticsTable.TOP_USER_BY_COUNTRY).name();
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, stats);
      ConfigEntry policy =
          admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy");
      assertThat(policy.value()).isEqualTo("compact");
      assertThat(
              admin
                  .describeTopics(List.of(topics.posts().name()))
                  .allTopicNames()
                  .get()
                  .get(topics.posts().name())
                  .partitions())
          .hasSize(3);
    }
  }

  @Test
  void refusesToRunWhenTheRawTopicsHaveDifferentPartitionCounts(@TempDir Path stateDir)
      throws Exception {
    Topics skewed = new Topics("skewed.");
    kafka.createTopics(3, skewed.raw(SourcePart.PIN).name(), skewed.raw(SourcePart.GEO).name());
    kafka.createTopics(2, skewed.raw(SourcePart.USER).name());
    Properties properties = config(stateDir).streamsProperties();
    properties.put("topic.prefix", "skewed.");

    assertThatThrownBy(() -> StreamsApp.start(StreamsAppConfig.of(properties, Map.of())))
        .isInstanceOf(TopicSetup.TopicLayoutException.class)
        .hasMessageContaining("same partition count")
        .hasMessageContaining("skewed.user=2");
  }

  private Map<String, Integer> recordCounts() {
    Map<String, Integer> counts = new HashMap<>();
    List<String> names = new ArrayList<>(topics.streamOutputNames());
    names.addAll(topics.statsNames());
    for (String name : names) {
      counts.put(name, kafka.readCommitted(name).size());
    }
    return counts;
  }

  private Map<AnalyticsTable, List<String>> latestStats() {
    Map<AnalyticsTable, List<String>> tables = new LinkedHashMap<>();
    for (AnalyticsTable table : AnalyticsTable.values()) {
      Map<String, String> latest = new java.util.TreeMap<>();
      for (ConsumerRecord<String, String> record :
          kafka.readCommitted(topics.stats(table).name())) {
        LatestPerKey.apply(latest, record.key(), record.value());
      }
      tables.put(table, latest.values().stream().sorted().toList());
    }
    return tables;
  }

  private static Map<AnalyticsTable, List<String>> expectedStats() throws Exception {
    Map<AnalyticsTable, List<String>> tables = new LinkedHashMap<>();
    for (AnalyticsTable table : AnalyticsTable.values()) {
      Path file =
          Path.of(
              StreamsAppIT.class
                  .getResource(
                      "/io/pinpipe/streams/dryrun/expected/" + table.tableName() + ".jsonl")
                  .toURI());
      tables.put(
          table, Files.readAllLines(file, StandardCharsets.UTF_8).stream().sorted().toList());
    }
    return tables;
  }

  private static String health(int port, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
