package io.pinpipe.local.tally;

import io.pinpipe.streams.topology.LatestPerKey;
import io.pinpipe.support.kafka.ReadCommitted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Counts what is committed on the pipeline's topics, as a downstream reader sees it ({@code
 * read_committed}, from the beginning, no consumer group): records and tombstones per topic, and
 * the current value of every key of the topics it is asked to keep (the small stats tables). Runs
 * on its own thread; readers get consistent copies.
 */
public final class TopicTally implements AutoCloseable {

  private static final Duration REFRESH_TOPICS = Duration.ofSeconds(2);

  private final KafkaConsumer<String, String> consumer;
  private final Predicate<String> counted;
  private final Predicate<String> kept;
  private final Map<String, Counts> counts = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> tables = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile RuntimeException failure;

  /**
   * @param counted the topics to count
   * @param kept the topics whose latest value per key to keep (a subset of {@code counted})
   */
  public TopicTally(String bootstrapServers, Predicate<String> counted, Predicate<String> kept) {
    this.consumer =
        ReadCommitted.strings(
            bootstrapServers, Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "pinpipe-tally"));
    this.counted = counted;
    this.kept = kept;
    this.thread = new Thread(this::run, "pinpipe-tally");
    this.thread.setDaemon(true);
  }

  public TopicTally start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      Set<TopicPartition> assigned = Set.of();
      long nextRefresh = 0;
      while (!closed) {
        if (System.nanoTime() >= nextRefresh) {
          Set<TopicPartition> partitions = partitions();
          if (!partitions.equals(assigned)) {
            List<TopicPartition> added = new ArrayList<>(partitions);
            added.removeAll(assigned);
            consumer.assign(partitions);
            consumer.seekToBeginning(added);
            assigned = partitions;
          }
          nextRefresh = System.nanoTime() + REFRESH_TOPICS.toNanos();
        }
        if (assigned.isEmpty()) {
          consumer.poll(Duration.ZERO);
          idle();
          continue;
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          count(record);
        }
      }
    } catch (WakeupException closing) {
      // close() woke the consumer up
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private Set<TopicPartition> partitions() {
    Set<TopicPartition> partitions = new java.util.HashSet<>();
    consumer
        .listTopics(Duration.ofSeconds(10))
        .forEach(
            (topic, infos) -> {
              if (counted.test(topic)) {
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
              }
            });
    return partitions;
  }

  private void count(ConsumerRecord<String, String> record) {
    boolean tombstone = record.value() == null;
    counts.compute(
        record.topic(), (topic, before) -> (before == null ? Counts.NONE : before).plus(tombstone));
    if (kept.test(record.topic())) {
      Map<String, String> table =
          tables.computeIfAbsent(record.topic(), topic -> new ConcurrentHashMap<>());
      LatestPerKey.apply(table, record.key(), record.value());
    }
  }

  private void idle() {
    try {
      // Nothing to read yet: look for the topics again shortly.
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** Records and tombstones read so far, per topic, sorted by topic. */
  public Map<String, Counts> counts() {
    checkHealthy();
    return new TreeMap<>(counts);
  }

  public Counts counts(String topic) {
    return counts.getOrDefault(topic, Counts.NONE);
  }

  /** The current value of every key of a kept topic, sorted by key. */
  public Map<String, String> table(String topic) {
    checkHealthy();
    return new TreeMap<>(tables.getOrDefault(topic, Map.of()));
  }

  private void checkHealthy() {
    if (failure != null) {
      throw new IllegalStateException(
          "reading the topics failed: " + failure.getMessage(), failure);
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What one topic holds: records with a value, and tombstones. */
  public record Counts(long records, long tombstones) {
    public static final Counts NONE = new Counts(0, 0);

    /**
     * Every record of the topic, with a value or without. Dead letters are counted so: a rejected
     * deletion keeps its null value in the DLQ, and is a dead letter all the same.
     */
    public long all() {
      return records + tombstones;
    }

    Counts plus(boolean tombstone) {
      return tombstone ? new Counts(records, tombstones + 1) : new Counts(records + 1, tombstones);
    }
  }
}
