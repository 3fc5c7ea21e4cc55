package io.pinpipe.support.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic as an exactly-once reader does: read_committed, every partition, to its end.
 */
public final class TopicReader {

  /**
   * Far beyond any topic the tests read (seconds at most), so that a broker gone is a failure, not
   * a hang.
   */
  private static final Duration READ_LIMIT = Duration.ofMinutes(2);

  private TopicReader() {}

  public static List<ConsumerRecord<String, String>> readAll(
      String bootstrapServers, String topic) {
    try (KafkaConsumer<String, String> consumer =
        ReadCommitted.strings(bootstrapServers, Map.of())) {
      if (!consumer.listTopics().containsKey(topic)) {
        return List.of();
      }
      List<TopicPartition> partitions = ReadCommitted.partitionsOf(consumer, List.of(topic));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // For a read_committed consumer the end is the last stable offset: everything committed.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + READ_LIMIT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              String.format(
                  "%s: %d records read, not at its end %s after %s",
                  topic, records.size(), end, READ_LIMIT));
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}
