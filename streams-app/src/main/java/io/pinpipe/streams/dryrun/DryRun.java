package io.pinpipe.streams.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.streams.config.StreamsAppConfig;
import io.pinpipe.streams.json.JsonLine;
import io.pinpipe.streams.stats.AnalyticsTable;
import io.pinpipe.streams.stats.AnalyticsTopology;
import io.pinpipe.streams.topology.DeadLetterHeaders;
import io.pinpipe.streams.topology.LatestPerKey;
import io.pinpipe.streams.topology.PinPipeTopology;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.streams.topology.Topics;
import io.pinpipe.streams.topology.TopologySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology without a broker (contract section 7): reads {@code pin.jsonl}, {@code
 * geo.jsonl} and {@code user.jsonl}, runs every line through TopologyTestDriver, and writes every
 * cleaned record, the final posts and analytics tables, and the rejected records as JSON Lines.
 */
public final class DryRun {

  /** What a dry run wrote, file by file, in lines. */
  public record Summary(Map<String, Integer> linesPerFile) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Comparator<String> BY_KEY = DryRun::compareKeys;

  private DryRun() {}

  public static Summary run(Path input, Path output) throws IOException {
    Map<SourcePart, List<byte[]>> lines = new LinkedHashMap<>();
    for (SourcePart part : SourcePart.values()) {
      Path file = input.resolve(part.topic() + ".jsonl");
      if (!Files.isRegularFile(file)) {
        throw new IOException(
            "missing input file " + file + " (dry-run reads pin.jsonl, geo.jsonl and user.jsonl)");
      }
      lines.put(part, readLines(file));
    }
    Files.createDirectories(output);

    Topics topics = new Topics("");
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "pinpipe-dry-run");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dry-run:9092");
    config.put(StreamsAppConfig.GLOBAL_PROCESSING_EXCEPTION_HANDLER, "true");
    config.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("pinpipe-dry-run").toString());

    Map<String, List<String>> files = new LinkedHashMap<>();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            PinPipeTopology.build(TopologySettings.inMemory(topics.prefix())), config)) {
      for (Map.Entry<SourcePart, List<byte[]>> part : lines.entrySet()) {
        TestInputTopic<byte[], byte[]> topic =
            driver.createInputTopic(
                topics.raw(part.getKey()).name(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                Instant.EPOCH,
                Duration.ZERO);
        for (byte[] line : part.getValue()) {
          topic.pipeInput(keyOf(line, part.getKey()), line);
        }
      }
      // The analytics emit their answers once per interval; two let the ranking of countries,
      // fed by the groups' answers, emit too.
      driver.advanceWallClockTime(AnalyticsTopology.EMIT_INTERVAL);
      driver.advanceWallClockTime(AnalyticsTopology.EMIT_INTERVAL);
      for (SourcePart part : SourcePart.values()) {
        files.put(part.topic() + ".clean.jsonl", values(driver, topics.cleanName(part)));
      }
      files.put("posts.jsonl", finalValues(driver, topics.posts().name()));
      for (AnalyticsTable table : AnalyticsTable.values()) {
        files.put(table.tableName() + ".jsonl", finalValues(driver, topics.stats(table).name()));
      }
      files.put("dlq.jsonl", rejections(driver, topics.dlq().name()));
    }

    Map<String, Integer> written = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> file : files.entrySet()) {
      StringBuilder text = new StringBuilder();
      file.getValue().forEach(line -> text.append(line).append('\n'));
      Files.writeString(output.resolve(file.getKey()), text, StandardCharsets.UTF_8);
      written.put(file.getKey(), file.getValue().size());
    }
    return new Summary(written);
  }

  /** The post number from the row's key field, where it can be read; else no key. */
  private static byte[] keyOf(byte[] line, SourcePart part) {
    try {
      JsonNode key = JSON.readTree(line).get(part.keyField());
      return key != null && key.isIntegralNumber()
          ? key.asText().getBytes(StandardCharsets.UTF_8)
          : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static List<String> values(TopologyTestDriver driver, String topic) {
    TestOutputTopic<String, String> output =
        driver.createOutputTopic(topic, new StringDeserializer(), new StringDeserializer());
    return output.readValuesToList().stream().filter(Objects::nonNull).toList();
  }

  private static List<String> finalValues(TopologyTestDriver driver, String topic) {
    TestOutputTopic<String, String> output =
        driver.createOutputTopic(topic, new StringDeserializer(), new StringDeserializer());
    Map<String, String> latest = new TreeMap<>(BY_KEY);
    for (TestRecord<String, String> record : output.readRecordsToList()) {
      LatestPerKey.apply(latest, record.key(), record.value());
    }
    return new ArrayList<>(latest.values());
  }

  private static List<String> rejections(TopologyTestDriver driver, String topic) {
    TestOutputTopic<byte[], byte[]> output =
        driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<String> lines = new ArrayList<>();
    for (TestRecord<byte[], byte[]> record : output.readRecordsToList()) {
      lines.add(
          JsonLine.object()
              .field(
                  "source", DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.SOURCE_TOPIC))
              .field("reason", DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.REASON))
              .field(
                  "raw",
                  record.value() == null
                      ? null
                      : new String(record.value(), StandardCharsets.UTF_8))
              .toString());
    }
    return lines;
  }

  /** Lines as bytes, so that invalid UTF-8 reaches the topology as it would from Kafka. */
  private static List<byte[]> readLines(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
        byte[] line = java.util.Arrays.copyOfRange(bytes, start, end);
        if (!new String(line, StandardCharsets.UTF_8).isBlank()) {
          lines.add(line);
        }
        start = i + 1;
      }
    }
    return lines;
  }

  /** Post numbers and years sort as numbers, everything else as text. */
  private static int compareKeys(String a, String b) {
    boolean numbers = a.matches("-?\\d{1,18}") && b.matches("-?\\d{1,18}");
    return numbers ? Long.compare(Long.parseLong(a), Long.parseLong(b)) : a.compareTo(b);
  }
}
