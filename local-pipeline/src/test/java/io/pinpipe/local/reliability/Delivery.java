package io.pinpipe.local.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.local.connect.LocalConnectorConfigs;
import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.local.testing.TopicReader;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.streams.topology.SourcePart;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What went in and what came out, counted the way a downstream reader sees it: rows in the
 * database; records in the raw topics and in {@code posts} (read_committed); records in S3 up to
 * the sink's committed offsets (what it has promised), each by its post number.
 */
record Delivery(Map<String, Long> lost, Map<String, Long> duplicated, Map<String, Long> received, long posts) {

  static final Delivery NOTHING = new Delivery(Map.of(), Map.of(), Map.of(), 0);
  private static final ObjectMapper JSON = new ObjectMapper();

  long totalLost() {
    return lost.values().stream().mapToLong(Long::longValue).sum();
  }

  long totalDuplicated() {
    return duplicated.values().stream().mapToLong(Long::longValue).sum();
  }

  boolean complete() {
    return totalLost() == 0;
  }

  static Delivery count(ReliabilityStack stack) throws Exception {
    Map<SourcePart, Set<Integer>> rows = new HashMap<>();
    try (Connection connection = stack.root.open()) {
      rows.put(SourcePart.PIN, keys(PostReader.readAll(connection, SourceTable.PIN).stream().map(pin -> pin.index()).toList()));
      rows.put(SourcePart.GEO, keys(PostReader.readAll(connection, SourceTable.GEO).stream().map(geo -> geo.ind()).toList()));
      rows.put(SourcePart.USER, keys(PostReader.readAll(connection, SourceTable.USER).stream().map(user -> user.ind()).toList()));
    }
    Set<Integer> posts = new HashSet<>(rows.get(SourcePart.PIN));
    posts.retainAll(rows.get(SourcePart.GEO));
    posts.retainAll(rows.get(SourcePart.USER));

    Map<String, Long> lost = new LinkedHashMap<>();
    Map<String, Long> duplicated = new LinkedHashMap<>();
    Map<String, Long> received = new LinkedHashMap<>();
    Map<TopicPartition, OffsetAndMetadata> sinkCommitted =
        stack.admin.listConsumerGroupOffsets("connect-pinpipe-s3-sink").partitionsToOffsetAndMetadata().get();
    for (SourcePart part : SourcePart.values()) {
      String topic = stack.topics.raw(part).name();
      tally(topic, TopicReader.readAll(stack.kafka.bootstrapServers(), topic), rows.get(part), lost, duplicated, received);
      s3(stack, topic, part == SourcePart.PIN ? "index" : "ind", sinkCommitted, lost, duplicated, received);
    }
    String postsTopic = stack.topics.posts().name();
    tally(postsTopic, TopicReader.readAll(stack.kafka.bootstrapServers(), postsTopic), posts, lost, duplicated, received);
    s3(stack, postsTopic, "ind", sinkCommitted, lost, duplicated, received);
    return new Delivery(lost, duplicated, received, posts.size());
  }

  private static Set<Integer> keys(List<Integer> values) {
    return new HashSet<>(values);
  }

  private static void tally(String topic, List<ConsumerRecord<String, String>> records, Set<Integer> expected,
      Map<String, Long> lost, Map<String, Long> duplicated, Map<String, Long> received) {
    Set<Integer> seen = new HashSet<>();
    long duplicates = 0;
    for (ConsumerRecord<String, String> record : records) {
      Integer key = postNumber(record.key());
      // Only the database's posts count: the bad-input corpus uses keys of its own.
      if (key != null && expected.contains(key) && !seen.add(key)) {
        duplicates++;
      }
    }
    lost.put(topic, expected.stream().filter(key -> !seen.contains(key)).count());
    duplicated.put(topic, duplicates);
    received.put(topic, (long) seen.size());
  }

  /**
   * Records in S3 against the records below the sink's committed offsets: each of those must be
   * in exactly one object. Records after them sit in open objects and are not yet promised.
   */
  private static void s3(ReliabilityStack stack, String topic, String keyField, Map<TopicPartition, OffsetAndMetadata> committed,
      Map<String, Long> lost, Map<String, Long> duplicated, Map<String, Long> received) throws Exception {
    Set<Integer> promised = new HashSet<>();
    for (ConsumerRecord<String, String> record : TopicReader.readAll(stack.kafka.bootstrapServers(), topic)) {
      OffsetAndMetadata upTo = committed.get(new TopicPartition(topic, record.partition()));
      Integer key = postNumber(record.key());
      if (key != null && upTo != null && record.offset() < upTo.offset()) {
        promised.add(key);
      }
    }
    Path directory = stack.s3.dataDirectory().resolve(LocalConnectorConfigs.BUCKET).resolve("topics").resolve(topic);
    Map<Integer, Integer> inS3 = new HashMap<>();
    for (Path file : S3Objects.objectFiles(directory)) {
      for (String line : lines(file)) {
        com.fasterxml.jackson.databind.JsonNode key = JSON.readTree(line).get(keyField);
        if (key != null && key.canConvertToInt()) {
          inS3.merge(key.asInt(), 1, Integer::sum);
        }
      }
    }
    lost.put("s3:" + topic, promised.stream().filter(key -> !inS3.containsKey(key)).count());
    duplicated.put("s3:" + topic, inS3.values().stream().mapToLong(count -> count - 1).sum());
    received.put("s3:" + topic, (long) inS3.size());
  }

  private static Integer postNumber(String key) {
    try {
      return key == null ? null : Integer.valueOf(key);
    } catch (NumberFormatException notAPost) {
      return null;
    }
  }

  private static List<String> lines(Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      reader.lines().forEach(lines::add);
    }
    return lines;
  }
}
