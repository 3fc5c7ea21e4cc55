package io.pinpipe.bench.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far an exactly-once Streams application is behind on every topic it reads, its internal
 * repartition topics included: what tells that all the work of its input is done, not only that the
 * input was read.
 *
 * <p>A partition is caught up when the application's committed offset is at most one short of the
 * partition's last stable offset: under exactly-once the one offset left is the marker that ended
 * the last transaction written there. Data not yet processed is a record plus its marker, two
 * offsets; data of a transaction still open lies beyond the last stable offset and counts once that
 * transaction commits.
 */
public final class ApplicationLag {

  private final Admin admin;
  private final String applicationId;
  private final Collection<String> sourceTopics;

  /** The source partitions, looked up once they all exist (the app creates its internal topics). */
  private List<TopicPartition> sourcePartitions;

  public ApplicationLag(Admin admin, String applicationId, Collection<String> sourceTopics) {
    this.admin = admin;
    this.applicationId = applicationId;
    this.sourceTopics = sourceTopics;
  }

  /** The application's committed offsets, one look. */
  public Map<TopicPartition, Long> committedOffsets()
      throws ExecutionException, InterruptedException {
    return committedOffsets(admin, applicationId);
  }

  /** A consumer group's committed offsets, one look. */
  public static Map<TopicPartition, Long> committedOffsets(Admin admin, String group)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, Long> committed = new HashMap<>();
    offsets.forEach(
        (partition, offset) -> {
          if (offset != null) {
            committed.put(partition, offset.offset());
          }
        });
    return committed;
  }

  /** The last stable offset of each partition: the end a read_committed reader can reach. */
  public static Map<TopicPartition, Long> stableOffsets(
      Admin admin, Collection<TopicPartition> partitions)
      throws ExecutionException, InterruptedException {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> latest =
        partitions.stream()
            .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
    return admin
        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get()
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
  }

  /** Committed offsets summed over the given topics' partitions. */
  public static long sum(Map<TopicPartition, Long> committed, Collection<String> topics) {
    return committed.entrySet().stream()
        .filter(entry -> topics.contains(entry.getKey().topic()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /**
   * True when no source partition holds a committed record beyond the {@code committed} offsets.
   */
  public boolean caughtUp(Map<TopicPartition, Long> committed)
      throws ExecutionException, InterruptedException {
    return stableOffsets(admin, sourcePartitions()).entrySet().stream()
        .allMatch(entry -> entry.getValue() - committed.getOrDefault(entry.getKey(), 0L) <= 1);
  }

  private List<TopicPartition> sourcePartitions() throws ExecutionException, InterruptedException {
    if (sourcePartitions == null) {
      sourcePartitions =
          admin.describeTopics(sourceTopics).allTopicNames().get().values().stream()
              .flatMap(
                  topic ->
                      topic.partitions().stream()
                          .map(
                              partition -> new TopicPartition(topic.name(), partition.partition())))
              .toList();
    }
    return sourcePartitions;
  }
}
