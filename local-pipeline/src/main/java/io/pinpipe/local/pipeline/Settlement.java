package io.pinpipe.local.pipeline;

import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.local.tally.TopicTally;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.streams.topology.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether everything the database holds has gone through the local pipeline: every row in its raw
 * topic, everything read by the Streams app, every record the S3 sink covers in S3. What {@code
 * pinpipe run --exit} waits for, and what its progress line says it waits for.
 */
public final class Settlement {

  private final SourceDatabase database;
  private final TopicTally tally;
  private final S3Objects objects;
  private final Admin admin;
  private final Topics topics;
  private final Predicate<String> sinkWrites;

  Settlement(
      SourceDatabase database,
      TopicTally tally,
      S3Objects objects,
      Admin admin,
      Topics topics,
      Predicate<String> sinkWrites) {
    this.database = database;
    this.tally = tally;
    this.objects = objects;
    this.admin = admin;
    this.topics = topics;
    this.sinkWrites = sinkWrites;
  }

  /** Whether everything has gone through, and if not, what is still on its way. */
  Settled check() {
    try {
      // Rows as the database counts them: a stopped emulator may leave a post with only some of its
      // rows.
      Map<SourcePart, Long> rows = new EnumMap<>(SourcePart.class);
      try (Connection connection = database.open()) {
        rows.put(SourcePart.PIN, PostReader.count(connection, SourceTable.PIN));
        rows.put(SourcePart.GEO, PostReader.count(connection, SourceTable.GEO));
        rows.put(SourcePart.USER, PostReader.count(connection, SourceTable.USER));
      }
      for (SourcePart part : SourcePart.values()) {
        long inTopic = tally.counts(topics.raw(part).name()).records();
        if (inTopic < rows.get(part)) {
          return new Settled(
              false,
              String.format(
                  "%,d %s rows to reach Kafka",
                  rows.get(part) - inTopic, part.name().toLowerCase()));
        }
      }
      long lag = streamsLag();
      if (lag != 0) {
        return new Settled(
            false,
            lag < 0
                ? "the Streams app to commit"
                : String.format("the Streams app (lag %,d)", lag));
      }
      Map<String, S3Objects.TopicObjects> inS3 = objects.byTopic();
      for (Map.Entry<String, TopicTally.Counts> topic : tally.counts().entrySet()) {
        if (!sinkWrites.test(topic.getKey()) || topic.getKey().equals(topics.dlq().name())) {
          continue;
        }
        long missing =
            topic.getValue().records()
                - inS3.getOrDefault(topic.getKey(), S3Objects.TopicObjects.NONE).records();
        if (missing > 0) {
          return new Settled(
              false, String.format("%,d records of %s to reach S3", missing, topic.getKey()));
        }
      }
      return new Settled(true, "");
    } catch (RuntimeException | ExecutionException | SQLException e) {
      return new Settled(false, "the components to answer (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Settled(false, "interrupted");
    }
  }

  /** What {@link #check()} found. */
  public record Settled(boolean done, String waitingFor) {}

  /**
   * Records the Streams app has still to read, over all its input partitions; -1 before its first
   * commit.
   */
  long streamsLag() throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(LocalPipeline.STREAMS_APPLICATION_ID)
            .partitionsToOffsetAndMetadata()
            .get();
    if (committed.isEmpty()) {
      return -1;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get();
    long lag = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
      lag +=
          Math.max(
              0,
              ends.get(entry.getKey()).offset()
                  - (entry.getValue() == null ? 0 : entry.getValue().offset()));
    }
    // Raw partitions nobody committed yet: the app has not read them at all.
    for (String raw : topics.rawNames()) {
      for (TopicPartition partition : partitionsOf(raw)) {
        if (!committed.containsKey(partition) && tally.counts(raw).records() > 0) {
          Long end =
              admin
                  .listOffsets(Map.of(partition, OffsetSpec.latest()))
                  .all()
                  .get()
                  .get(partition)
                  .offset();
          lag += end;
        }
      }
    }
    return lag;
  }

  private List<TopicPartition> partitionsOf(String topic)
      throws ExecutionException, InterruptedException {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .stream()
        .map(info -> new TopicPartition(topic, info.partition()))
        .toList();
  }
}
