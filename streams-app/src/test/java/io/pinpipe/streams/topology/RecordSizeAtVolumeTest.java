package io.pinpipe.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.post.RawRecords;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.clean.Cleaning;
import io.pinpipe.streams.clean.RawRow;
import io.pinpipe.streams.stats.AnalyticsTable;
import io.pinpipe.streams.stats.StatsReference;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * 20,000 real-shaped posts (new posters at the real rate, skewed countries) through the production
 * topology: no record the app writes, to any topic, its changelogs and repartition topics included,
 * may pass 64 KB, and no analytics record may pass 1 KB, because none of them may grow with the
 * number of posts. A design that keeps a group's values in one record (the histograms before) has
 * records of several KB for the larger countries here and fails. The tables must still equal the
 * answer from scratch.
 */
class RecordSizeAtVolumeTest {

  private static final int POSTS = 20_000;
  private static final int ANY_RECORD_LIMIT = 64 * 1024;
  private static final int ANALYTICS_RECORD_LIMIT = 1024;

  @Test
  void noRecordGrowsWithTheNumberOfPosts() throws Exception {
    Properties config = TopologyHarness.driverConfig("volume");
    Topics topics = new Topics("pinterest.");
    ObjectMapper json = new ObjectMapper();
    Map<Long, CleanPin> pins = new HashMap<>();
    Map<Long, CleanGeo> geos = new HashMap<>();
    Map<Long, CleanUser> users = new HashMap<>();
    Map<String, Integer> largest = new TreeMap<>();
    Map<String, Map<String, String>> stats = new HashMap<>();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            PinPipeTopology.build(TopologySettings.inMemory(topics.prefix())), config)) {
      Map<SourcePart, TestInputTopic<byte[], byte[]>> inputs =
          TopologyHarness.rawInputs(driver, topics);
      int sent = 0;
      for (Post post : new PostGenerator(21).posts(1, POSTS)) {
        byte[] key = Integer.toString(post.number()).getBytes(StandardCharsets.UTF_8);
        byte[] pin = json.writeValueAsBytes(RawRecords.pin(post.pin()));
        byte[] geo = json.writeValueAsBytes(RawRecords.geo(post.geo()));
        byte[] user = json.writeValueAsBytes(RawRecords.user(post.user()));
        inputs.get(SourcePart.PIN).pipeInput(key, pin);
        inputs.get(SourcePart.GEO).pipeInput(key, geo);
        inputs.get(SourcePart.USER).pipeInput(key, user);
        pins.put((long) post.number(), Cleaning.pin(RawRow.parse(pin)));
        geos.put((long) post.number(), Cleaning.geo(RawRow.parse(geo)));
        users.put((long) post.number(), Cleaning.user(RawRow.parse(user)));
        if (++sent % 2_000 == 0) {
          TopologyHarness.emitAnswers(driver);
          drain(driver, largest, stats, topics);
        }
      }
      TopologyHarness.emitAnswers(driver);
      drain(driver, largest, stats, topics);
    }

    assertThat(largest)
        .as("topics written")
        .containsKeys(
            "volume-analytics-deltas-repartition",
            "volume-analytics-groups-store-changelog",
            "volume-post-parts-store-changelog",
            "pinterest.posts");
    assertThat(largest)
        .allSatisfy(
            (topic, size) -> assertThat(size).as(topic).isLessThanOrEqualTo(ANY_RECORD_LIMIT));
    assertThat(largest)
        .allSatisfy(
            (topic, size) -> {
              if (topic.contains("analytics")
                  || topic.contains("top-poster")
                  || topic.contains(".stats.")) {
                assertThat(size).as(topic).isLessThanOrEqualTo(ANALYTICS_RECORD_LIMIT);
              }
            });
    Map<AnalyticsTable, Map<String, String>> expected = StatsReference.compute(pins, geos, users);
    for (AnalyticsTable table : AnalyticsTable.values()) {
      assertThat(stats.getOrDefault(topics.stats(table).name(), Map.of()))
          .as(table.tableName())
          .isEqualTo(expected.get(table));
    }
    long distinctPosters = pins.values().stream().map(CleanPin::posterName).distinct().count();
    assertThat(distinctPosters)
        .as("posters, as in real data, grow with the posts")
        .isGreaterThan(POSTS / 2);
  }

  /**
   * Reads every record written since the last drain, keeping the largest size per topic and the
   * stats tables.
   */
  private static void drain(
      TopologyTestDriver driver,
      Map<String, Integer> largest,
      Map<String, Map<String, String>> stats,
      Topics topics) {
    for (String topic : driver.producedTopicNames()) {
      TestOutputTopic<byte[], byte[]> output =
          driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      for (TestRecord<byte[], byte[]> record : output.readRecordsToList()) {
        int size =
            (record.key() == null ? 0 : record.key().length)
                + (record.value() == null ? 0 : record.value().length);
        largest.merge(topic, size, Math::max);
        if (topic.startsWith(topics.prefix() + "stats.")) {
          Map<String, String> table = stats.computeIfAbsent(topic, t -> new HashMap<>());
          String key = new String(record.key(), StandardCharsets.UTF_8);
          LatestPerKey.apply(
              table,
              key,
              record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        }
      }
    }
  }
}
