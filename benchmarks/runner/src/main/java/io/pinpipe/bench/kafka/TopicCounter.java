package io.pinpipe.bench.kafka;

import io.pinpipe.bench.jvm.CpuTime;
import io.pinpipe.support.kafka.ReadCommitted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts what a downstream reader sees (read_committed) in some topics until a target is reached,
 * noting when the first and the last record arrived and the CPU time used in between by the
 * contender's process and by the rest of the stack. A contender that stops delivering for {@code
 * stall} fails the run with what it had delivered, rather than hanging the benchmark.
 */
public final class TopicCounter {

  /**
   * What arrived: how many records, when the first and the last did, and the CPU time in between.
   */
  public record Count(long records, long firstNanos, long lastNanos, CpuTime cpu) {

    /**
     * Records per second from the first arrival to the last: the contender's throughput, start-up
     * aside.
     */
    public double perSecond() {
      return records <= 1 ? 0 : (records - 1) * 1e9 / (lastNanos - firstNanos);
    }
  }

  private TopicCounter() {}

  public static Count await(
      String bootstrapServers,
      List<String> topics,
      long target,
      Duration stall,
      ProcessHandle contender) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        ReadCommitted.bytes(
            bootstrapServers, Map.of("max.poll.records", "5000", "fetch.max.bytes", "67108864"))) {
      List<TopicPartition> partitions = awaitPartitions(consumer, topics, stall);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long count = 0;
      long first = 0;
      long last = 0;
      CpuTime firstCpu = null;
      long lastProgress = System.nanoTime();
      while (count < target) {
        var records = consumer.poll(Duration.ofMillis(200));
        long now = System.nanoTime();
        if (records.isEmpty()) {
          if (now - lastProgress > stall.toNanos()) {
            throw new IllegalStateException(
                String.format(
                    "%s: %,d of %,d records after %d s without a new one",
                    topics, count, target, stall.toSeconds()));
          }
          continue;
        }
        if (count == 0) {
          first = now;
          firstCpu = CpuTime.of(contender);
        }
        count += records.count();
        last = now;
        lastProgress = now;
      }
      // The loop ends on the poll that brought the last record: this reading is taken at `last`.
      return new Count(count, first, last, CpuTime.of(contender).since(firstCpu));
    }
  }

  private static List<TopicPartition> awaitPartitions(
      KafkaConsumer<?, ?> consumer, List<String> topics, Duration stall) {
    long deadline = System.nanoTime() + stall.toNanos();
    while (true) {
      Map<String, List<org.apache.kafka.common.PartitionInfo>> all =
          consumer.listTopics(Duration.ofSeconds(5));
      if (topics.stream().allMatch(all::containsKey)) {
        return topics.stream()
            .flatMap(topic -> all.get(topic).stream())
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            topics + " did not appear within " + stall.toSeconds() + " s");
      }
      // Polling interval while the contender creates its topic, not synchronisation.
      sleepQuietly(Duration.ofMillis(200));
    }
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
