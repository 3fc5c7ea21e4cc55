package io.pinpipe.streams.topology;

import io.pinpipe.streams.stats.AnalyticsTable;
import io.pinpipe.streams.stats.AnalyticsTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology under TopologyTestDriver, with the production settings except in-memory
 * stores. Keeps the latest value of every output key, as a compacted topic would.
 */
public final class TopologyHarness implements AutoCloseable {

  /** A record that went to the dead-letter topic. */
  public record Rejection(
      String sourceTopic, String partition, String offset, String reason, String raw) {}

  public static final String PREFIX = "pinterest.";
  private static final String APPLICATION_ID = "topology-test";

  private final TopologyTestDriver driver;
  private final Topics topics = new Topics(PREFIX);
  private final Map<SourcePart, TestInputTopic<byte[], byte[]>> inputs =
      new EnumMap<>(SourcePart.class);
  private final Map<String, TestOutputTopic<String, String>> outputs = new HashMap<>();
  private final Map<String, Map<String, String>> latest = new HashMap<>();
  private final Map<String, List<String>> history = new HashMap<>();
  private final TestOutputTopic<byte[], byte[]> dlq;
  private final List<Rejection> rejections = new ArrayList<>();

  public TopologyHarness() {
    this(true);
  }

  /**
   * @param caching false sets the record caches to zero, so every aggregate is forwarded as it is
   *     computed, with the store's previous value as the old value
   */
  public TopologyHarness(boolean caching) {
    Properties config = driverConfig(APPLICATION_ID);
    if (!caching) {
      config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    }
    driver =
        new TopologyTestDriver(PinPipeTopology.build(TopologySettings.inMemory(PREFIX)), config);
    inputs.putAll(rawInputs(driver, topics));
    dlq =
        driver.createOutputTopic(
            topics.dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The three raw topics as the driver's inputs, record times 1 ms apart from the epoch. */
  static Map<SourcePart, TestInputTopic<byte[], byte[]>> rawInputs(
      TopologyTestDriver driver, Topics topics) {
    Map<SourcePart, TestInputTopic<byte[], byte[]>> inputs = new EnumMap<>(SourcePart.class);
    for (SourcePart part : SourcePart.values()) {
      inputs.put(
          part,
          driver.createInputTopic(
              topics.raw(part).name(),
              new ByteArraySerializer(),
              new ByteArraySerializer(),
              Instant.EPOCH,
              Duration.ofMillis(1)));
    }
    return inputs;
  }

  /**
   * The driver's configuration: the production one's exactly-once and error handling, no broker.
   */
  static Properties driverConfig(String applicationId) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(
        io.pinpipe.streams.config.StreamsAppConfig.GLOBAL_PROCESSING_EXCEPTION_HANDLER, "true");
    return config;
  }

  /** Pipes a raw value keyed by {@code key} (null for no key). */
  public TopologyHarness send(SourcePart part, String key, String value) {
    return sendBytes(part, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  public TopologyHarness sendBytes(SourcePart part, String key, byte[] value) {
    inputs.get(part).pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    return this;
  }

  /** Pipes a raw row keyed by its post number, as the source connector would. */
  public TopologyHarness send(SourcePart part, RawRows.Row row) {
    return send(part, Long.toString(row.number()), row.json());
  }

  public TopologyHarness delete(SourcePart part, long number) {
    return send(part, Long.toString(number), (String) null);
  }

  /** Latest value per key of an output topic (tombstones remove keys). */
  public Map<String, String> table(String topic) {
    drain(topic);
    return latest.getOrDefault(topic, Map.of());
  }

  public Map<String, String> stats(AnalyticsTable table) {
    return table(topics.stats(table).name());
  }

  public Map<String, String> posts() {
    return table(topics.posts().name());
  }

  /** Every value written to an output topic, tombstones as null, in order. */
  public List<String> values(String topic) {
    drain(topic);
    return history.getOrDefault(topic, List.of());
  }

  public List<String> clean(SourcePart part) {
    return values(topics.cleanName(part));
  }

  public List<Rejection> rejections() {
    for (TestRecord<byte[], byte[]> record : dlq.readRecordsToList()) {
      rejections.add(
          new Rejection(
              DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.SOURCE_TOPIC),
              DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.SOURCE_PARTITION),
              DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.SOURCE_OFFSET),
              DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.REASON),
              record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
    }
    return rejections;
  }

  public Topics topics() {
    return topics;
  }

  /** The values a state store has logged so far, as the bytes its changelog topic holds. */
  public List<byte[]> changelog(String store) {
    return driver
        .createOutputTopic(
            APPLICATION_ID + "-" + store + "-changelog",
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())
        .readValuesToList();
  }

  private void drain(String topic) {
    emitAnswers(driver);
    TestOutputTopic<String, String> output =
        outputs.computeIfAbsent(
            topic,
            name ->
                driver.createOutputTopic(name, new StringDeserializer(), new StringDeserializer()));
    Map<String, String> values = latest.computeIfAbsent(topic, name -> new LinkedHashMap<>());
    List<String> all = history.computeIfAbsent(topic, name -> new ArrayList<>());
    for (TestRecord<String, String> record : output.readRecordsToList()) {
      all.add(record.value());
      LatestPerKey.apply(values, record.key(), record.value());
    }
  }

  /**
   * Lets the analytics emit what they hold: one emit interval for the groups, one more for the
   * ranking of countries that the groups' answers feed.
   */
  static void emitAnswers(TopologyTestDriver driver) {
    driver.advanceWallClockTime(AnalyticsTopology.EMIT_INTERVAL);
    driver.advanceWallClockTime(AnalyticsTopology.EMIT_INTERVAL);
  }

  @Override
  public void close() {
    driver.close();
  }
}
