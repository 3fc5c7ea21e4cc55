package io.pinpipe.bench.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.bench.report.Latencies;
import io.pinpipe.reliability.cluster.DistributedPipeline;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.support.kafka.ReadCommitted;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A downstream reader of the soak: reads the raw topics and {@code posts} from the beginning with
 * read_committed, counts the raw records, marks each post number seen in {@code posts} (a second
 * sighting is a duplicate) and times each post from its commit in the database to its arrival.
 */
final class PostsObserver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Percentiles of one minute's delays, NaN when no post arrived. */
  record Delays(int count, double p50, double p99) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String postsTopic;
  private final Map<String, AtomicLong> rawRecords = new ConcurrentHashMap<>();
  private final Map<Integer, Long> committedAt = new ConcurrentHashMap<>();
  private final AtomicReference<Latencies> delays = new AtomicReference<>(new Latencies());
  private final BitSet seen = new BitSet();
  private final AtomicLong distinct = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread reader;

  PostsObserver(DistributedPipeline pipeline) {
    postsTopic = pipeline.topics().posts().name();
    List<String> topics = new ArrayList<>();
    for (SourcePart part : SourcePart.values()) {
      String raw = pipeline.topics().raw(part).name();
      topics.add(raw);
      rawRecords.put(raw, new AtomicLong());
    }
    topics.add(postsTopic);
    consumer = ReadCommitted.bytes(pipeline.bootstrapServers(), Map.of("max.poll.records", "5000"));
    List<TopicPartition> partitions = ReadCommitted.partitionsOf(consumer, topics);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    reader = new Thread(this::read, "soak-observer");
    reader.start();
  }

  private void read() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          long arrival = System.nanoTime();
          if (record.topic().equals(postsTopic)) {
            arrived(JSON.readTree(record.value()).path("ind").asInt(), arrival);
          } else {
            rawRecords.get(record.topic()).incrementAndGet();
          }
        }
      }
    } catch (WakeupException closing) {
      // close() asked the reader to stop.
    } catch (IOException | RuntimeException e) {
      failure.set(e);
    }
  }

  private void arrived(int post, long arrival) {
    synchronized (seen) {
      if (seen.get(post)) {
        duplicates.incrementAndGet();
        return;
      }
      seen.set(post);
    }
    distinct.incrementAndGet();
    Long committed = committedAt.remove(post);
    if (committed != null) {
      delays.get().add(Math.max(0, arrival - committed));
    }
  }

  /** The emulator's commit callback. */
  void committed(int post) {
    committedAt.put(post, System.nanoTime());
  }

  /** The delays since the last call. */
  Delays takeDelays() {
    Latencies minute = delays.getAndSet(new Latencies());
    return minute.size() == 0
        ? new Delays(0, Double.NaN, Double.NaN)
        : new Delays(minute.size(), minute.percentileMillis(50), minute.percentileMillis(99));
  }

  /** Records in the raw topic that has the fewest: posts whose three rows are all in Kafka. */
  long fewestRawRecords() {
    return rawRecords.values().stream().mapToLong(AtomicLong::get).min().orElse(0);
  }

  long distinctPosts() {
    return distinct.get();
  }

  long duplicatePosts() {
    return duplicates.get();
  }

  /** Waits until {@code posts} distinct posts have arrived; fails after {@code timeout}. */
  void awaitPosts(long posts, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (distinct.get() < posts) {
      if (failure.get() != null) {
        throw new IllegalStateException("reading posts failed", failure.get());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            String.format(
                "%,d of %,d posts arrived after %d min",
                distinct.get(), posts, timeout.toMinutes()));
      }
      // The reader thread counts; this only looks at its count.
      Thread.sleep(500);
    }
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    reader.join(10_000);
    consumer.close();
  }
}
