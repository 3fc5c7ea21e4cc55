package io.pinpipe.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.local.connect.LocalConnectorConfigs;
import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.reliability.cluster.DistributedPipeline;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.support.kafka.ReadCommitted;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What went in and what came out, counted the way a downstream reader sees it: rows in the
 * database; records in the raw topics and in {@code posts} (read_committed); records in S3 up to
 * the sink's committed offsets (what it has promised), each by its post number.
 */
record Delivery(
    Map<String, Long> lost,
    Map<String, Long> duplicated,
    Map<String, Long> received,
    long posts,
    long mostUnwritten) {

  /** Small objects, so most of what the sink has read is committed, and checkable, at any time. */
  static final int SINK_FLUSH_SIZE = 50;

  static final Delivery NOTHING = new Delivery(Map.of(), Map.of(), Map.of(), 0, 0);
  private static final ObjectMapper JSON = new ObjectMapper();

  long totalLost() {
    return lost.values().stream().mapToLong(Long::longValue).sum();
  }

  long totalDuplicated() {
    return duplicated.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Nothing lost, and the S3 sink caught up: in every partition, fewer posts above its committed
   * offset than fill an object (the open object, which rotates on the next records).
   */
  boolean complete() {
    return totalLost() == 0 && mostUnwritten < SINK_FLUSH_SIZE;
  }

  /**
   * Counts incrementally, so that a million posts can be checked every few seconds: each topic is
   * read once from the beginning and then only what is new; each S3 object is read once (again only
   * if it changes).
   */
  static final class Counter implements AutoCloseable {

    private final DistributedPipeline stack;
    private final Map<String, TopicKeys> topics = new LinkedHashMap<>();
    private final Map<String, S3Keys> objects = new LinkedHashMap<>();

    Counter(DistributedPipeline stack) {
      this.stack = stack;
      for (SourcePart part : SourcePart.values()) {
        String topic = stack.topics().raw(part).name();
        topics.put(topic, new TopicKeys(stack, topic));
        objects.put(topic, new S3Keys(part == SourcePart.PIN ? "index" : "ind"));
      }
      String posts = stack.topics().posts().name();
      topics.put(posts, new TopicKeys(stack, posts));
      objects.put(posts, new S3Keys("ind"));
    }

    Delivery count() throws Exception {
      Map<SourcePart, Set<Integer>> rows = new HashMap<>();
      try (Connection connection = stack.database().open()) {
        rows.put(SourcePart.PIN, keys(connection, SourceTable.PIN, "index"));
        rows.put(SourcePart.GEO, keys(connection, SourceTable.GEO, "ind"));
        rows.put(SourcePart.USER, keys(connection, SourceTable.USER, "ind"));
      }
      Set<Integer> posts = new HashSet<>(rows.get(SourcePart.PIN));
      posts.retainAll(rows.get(SourcePart.GEO));
      posts.retainAll(rows.get(SourcePart.USER));
      Map<TopicPartition, OffsetAndMetadata> sinkCommitted =
          stack
              .admin()
              .listConsumerGroupOffsets("connect-pinpipe-s3-sink")
              .partitionsToOffsetAndMetadata()
              .get();

      Map<String, Long> lost = new LinkedHashMap<>();
      Map<String, Long> duplicated = new LinkedHashMap<>();
      Map<String, Long> received = new LinkedHashMap<>();
      long mostUnwritten = 0;
      for (Map.Entry<String, TopicKeys> entry : topics.entrySet()) {
        String topic = entry.getKey();
        TopicKeys inKafka = entry.getValue().catchUp();
        Set<Integer> expected =
            topic.equals(stack.topics().posts().name()) ? posts : rows.get(partOf(topic));
        lost.put(
            topic, expected.stream().filter(key -> !inKafka.occurrences.containsKey(key)).count());
        duplicated.put(topic, duplicates(inKafka.occurrences, expected));
        received.put(topic, expected.stream().filter(inKafka.occurrences::containsKey).count());

        Map<Integer, Integer> inS3 =
            objects
                .get(topic)
                .read(
                    stack
                        .s3()
                        .dataDirectory()
                        .resolve(LocalConnectorConfigs.BUCKET)
                        .resolve("topics")
                        .resolve(topic));
        Set<Integer> promised = inKafka.keysBelow(sinkCommitted, topic);
        mostUnwritten = Math.max(mostUnwritten, inKafka.mostAbove(sinkCommitted, topic, expected));
        // Over the database's posts, as in Kafka: the bad-input corpus has record keys of its own,
        // and the sink writes what it can of those under whatever key field their values carry.
        lost.put(
            "s3:" + topic,
            promised.stream()
                .filter(expected::contains)
                .filter(key -> !inS3.containsKey(key))
                .count());
        duplicated.put("s3:" + topic, duplicates(inS3, expected));
        received.put("s3:" + topic, (long) inS3.size());
      }
      return new Delivery(lost, duplicated, received, posts.size(), mostUnwritten);
    }

    private SourcePart partOf(String topic) {
      for (SourcePart part : SourcePart.values()) {
        if (stack.topics().raw(part).name().equals(topic)) {
          return part;
        }
      }
      throw new IllegalArgumentException(topic);
    }

    @Override
    public void close() {
      topics.values().forEach(keys -> keys.consumer.close(Duration.ofSeconds(5)));
    }
  }

  /** Extra copies of the database's post numbers; keys of the bad-input corpus do not count. */
  private static long duplicates(Map<Integer, Integer> occurrences, Set<Integer> expected) {
    return occurrences.entrySet().stream()
        .filter(e -> expected.contains(e.getKey()))
        .mapToLong(e -> e.getValue() - 1)
        .sum();
  }

  private static Set<Integer> keys(Connection connection, SourceTable<?> table, String column)
      throws Exception {
    Set<Integer> keys = new HashSet<>();
    try (PreparedStatement select =
            connection.prepareStatement("SELECT `" + column + "` FROM " + table.quotedName());
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        keys.add(rows.getInt(1));
      }
    }
    return keys;
  }

  private static Integer postNumber(String key) {
    try {
      return key == null ? null : Integer.valueOf(key);
    } catch (NumberFormatException notAPost) {
      return null;
    }
  }

  /** One topic read by a read_committed consumer that keeps its place between counts. */
  private static final class TopicKeys {
    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final Map<Integer, Integer> occurrences = new HashMap<>();

    /** Per partition, the offsets and post numbers of the records read, in offset order. */
    private final Map<Integer, long[]> offsets = new HashMap<>();

    private final Map<Integer, int[]> keys = new HashMap<>();
    private final Map<Integer, Integer> sizes = new HashMap<>();

    TopicKeys(DistributedPipeline stack, String topic) {
      consumer = ReadCommitted.strings(stack.bootstrapServers(), Map.of());
      partitions = ReadCommitted.partitionsOf(consumer, List.of(topic));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    /** Reads what was committed since the last call. */
    TopicKeys catchUp() {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      while (partitions.stream()
          .anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          Integer key = postNumber(record.key());
          if (key != null) {
            occurrences.merge(key, 1, Integer::sum);
            append(record.partition(), record.offset(), key);
          }
        }
      }
      return this;
    }

    private void append(int partition, long offset, int key) {
      int size = sizes.getOrDefault(partition, 0);
      long[] partitionOffsets = offsets.computeIfAbsent(partition, p -> new long[1024]);
      int[] partitionKeys = keys.computeIfAbsent(partition, p -> new int[1024]);
      if (size == partitionOffsets.length) {
        partitionOffsets = Arrays.copyOf(partitionOffsets, size * 2);
        partitionKeys = Arrays.copyOf(partitionKeys, size * 2);
        offsets.put(partition, partitionOffsets);
        keys.put(partition, partitionKeys);
      }
      partitionOffsets[size] = offset;
      partitionKeys[size] = key;
      sizes.put(partition, size + 1);
    }

    /**
     * The most posts (records whose key is one of {@code posts}) any partition has at or above its
     * committed offset. Only posts count: a record the sink does not put in an object (a bad one,
     * sent to its dead-letter topic) would otherwise count towards an object that never fills.
     */
    long mostAbove(
        Map<TopicPartition, OffsetAndMetadata> committed, String topic, Set<Integer> posts) {
      long most = 0;
      for (Map.Entry<Integer, Integer> partition : sizes.entrySet()) {
        OffsetAndMetadata upTo = committed.get(new TopicPartition(topic, partition.getKey()));
        long[] partitionOffsets = offsets.get(partition.getKey());
        int[] partitionKeys = keys.get(partition.getKey());
        long above = 0;
        for (int i = partition.getValue() - 1;
            i >= 0 && (upTo == null || partitionOffsets[i] >= upTo.offset());
            i--) {
          if (posts.contains(partitionKeys[i])) {
            above++;
          }
        }
        most = Math.max(most, above);
      }
      return most;
    }

    /** Post numbers of the records below each partition's committed offset. */
    Set<Integer> keysBelow(Map<TopicPartition, OffsetAndMetadata> committed, String topic) {
      Set<Integer> below = new HashSet<>();
      for (Map.Entry<Integer, Integer> partition : sizes.entrySet()) {
        OffsetAndMetadata upTo = committed.get(new TopicPartition(topic, partition.getKey()));
        if (upTo == null) {
          continue;
        }
        long[] partitionOffsets = offsets.get(partition.getKey());
        int[] partitionKeys = keys.get(partition.getKey());
        for (int i = 0; i < partition.getValue() && partitionOffsets[i] < upTo.offset(); i++) {
          below.add(partitionKeys[i]);
        }
      }
      return below;
    }
  }

  /** One topic's S3 objects, each read once and again only when its size changes. */
  private static final class S3Keys {
    private final String keyField;
    private final Map<Path, Long> sizes = new HashMap<>();
    private final Map<Path, List<Integer>> keys = new HashMap<>();

    S3Keys(String keyField) {
      this.keyField = keyField;
    }

    Map<Integer, Integer> read(Path directory) throws Exception {
      List<Path> files = S3Objects.objectFiles(directory);
      sizes.keySet().retainAll(files);
      keys.keySet().retainAll(files);
      for (Path file : files) {
        long size;
        try {
          size = Files.size(file);
        } catch (java.nio.file.NoSuchFileException replaced) {
          continue;
        }
        if (!Long.valueOf(size).equals(sizes.get(file))) {
          keys.put(file, keysIn(file));
          sizes.put(file, size);
        }
      }
      Map<Integer, Integer> occurrences = new HashMap<>();
      keys.values().forEach(list -> list.forEach(key -> occurrences.merge(key, 1, Integer::sum)));
      return occurrences;
    }

    private List<Integer> keysIn(Path file) throws Exception {
      List<Integer> fileKeys = new ArrayList<>();
      try (BufferedReader reader = S3Objects.openLines(file)) {
        for (String line; (line = reader.readLine()) != null; ) {
          JsonNode key = JSON.readTree(line).get(keyField);
          if (key != null && key.canConvertToInt()) {
            fileKeys.add(key.asInt());
          }
        }
      }
      return fileKeys;
    }
  }
}
