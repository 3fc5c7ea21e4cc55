package io.pinpipe.bench.steady;

import io.pinpipe.bench.kafka.BenchStack;
import io.pinpipe.bench.layout.BenchPaths;
import io.pinpipe.bench.load.ConnectWorkers;
import io.pinpipe.bench.report.Latencies;
import io.pinpipe.bench.report.Samples;
import io.pinpipe.local.connect.LocalConnectorConfigs;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.support.connect.ChildConnectWorker;
import io.pinpipe.support.kafka.ReadCommitted;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Benchmark 2b: our connector with the shipped settings on an AUTO_INCREMENT table that 16 writers
 * fill with short transactions, one in ten rolled back, so that keys commit out of order and
 * rollbacks leave gaps all the time. Each committed row is timed from its commit to its arrival at
 * a read_committed consumer; every committed row must arrive once, and no rolled-back one may. The
 * figure that matters is the p99: a gap must cost a poll or two, not the grace period.
 */
public final class ConcurrentWritersBenchmark implements AutoCloseable {

  private static final String DATABASE = "writers";
  private static final String TOPIC = "writers.writes";
  private static final int WRITERS = 16;
  private static final double ROLLBACK_SHARE = 0.1;
  private static final Duration DRAIN = Duration.ofMinutes(2);

  private final BenchStack stack;
  private final BenchPaths paths;
  private final Path work;
  private final int seconds;
  private final PrintStream out;
  private SourceDatabase database;
  private ChildConnectWorker worker;

  public ConcurrentWritersBenchmark(
      BenchStack stack, BenchPaths paths, Path work, int seconds, PrintStream out) {
    this.stack = stack;
    this.paths = paths;
    this.work = work;
    this.seconds = seconds;
    this.out = out;
  }

  /** A table of its own, one worker, the connector RUNNING on it with the shipped settings. */
  public void prepare() throws Exception {
    database = stack.databaseOfItsOwn(DATABASE);
    try (Connection connection = database.open();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS `writes` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
              + " `writer` INT NOT NULL, `payload` VARCHAR(100) NOT NULL)");
    }
    stack.createTopics(List.of(TOPIC), 6);
    Path directory = work.resolve("writers/worker");
    Map<String, String> config =
        LocalConnectorConfigs.source(
            "writers.", database, "disable", directory.resolve("secrets.properties"));
    config.keySet().removeIf(key -> key.startsWith("table."));
    config.put("tables", "writes");
    // The shipped grace period, not the local pipeline's demo-sized one: what production waits.
    config.put("gap.grace.period.ms", "60000");
    config.put("name", "writers-pinpipe");
    worker =
        new ConnectWorkers(paths, stack.bootstrapServers(), work.resolve("writers"))
            .startWithConnector("writers-connect", directory, config);
  }

  public void run(int run, Samples samples) throws Exception {
    Map<Long, Long> committedAt = new ConcurrentHashMap<>();
    Set<Long> rolledBack = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong failures = new AtomicLong();
    Latencies delays = new Latencies();
    try (KafkaConsumer<byte[], byte[]> consumer =
        ReadCommitted.bytes(stack.bootstrapServers(), Map.of())) {
      List<TopicPartition> partitions = ReadCommitted.partitionsOf(consumer, List.of(TOPIC));
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);

      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Thread thread =
            new Thread(
                () -> write(writer, run, writing, committedAt, rolledBack, failures),
                "writer-" + w);
        writers.add(thread);
        thread.start();
      }
      long start = System.nanoTime();
      long stopAt = start + Duration.ofSeconds(seconds).toNanos();
      Map<Long, Integer> received = new HashMap<>();
      List<long[]> early = new ArrayList<>();
      long lastProgress = System.nanoTime();
      long lastArrival = start;
      while (true) {
        if (writing.get() && System.nanoTime() >= stopAt) {
          writing.set(false);
          for (Thread thread : writers) {
            thread.join();
          }
        }
        if (!writing.get() && received.keySet().containsAll(committedAt.keySet())) {
          break;
        }
        var records = consumer.poll(Duration.ofMillis(100));
        long arrival = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          long key = Long.parseLong(new String(record.key(), StandardCharsets.UTF_8));
          received.merge(key, 1, Integer::sum);
          Long committed = committedAt.get(key);
          if (committed == null) {
            early.add(new long[] {key, arrival});
          } else {
            delays.add(arrival - committed);
          }
        }
        if (!records.isEmpty()) {
          lastProgress = arrival;
          lastArrival = arrival;
        } else if (!writing.get() && arrival - lastProgress > DRAIN.toNanos()) {
          break;
        }
      }
      for (long[] arrival : early) {
        Long committed = committedAt.get(arrival[0]);
        if (committed != null) {
          delays.add(Math.max(0, arrival[1] - committed));
        }
      }
      Set<Long> lost = new HashSet<>(committedAt.keySet());
      lost.removeAll(received.keySet());
      long duplicated = received.values().stream().mapToLong(count -> count - 1).sum();
      long phantom = received.keySet().stream().filter(rolledBack::contains).count();
      if (failures.get() > 0) {
        throw new IllegalStateException(
            failures.get() + " writer transactions failed; see the log");
      }
      double rate = committedAt.size() / (seconds * 1.0);
      samples.higher("writers.rows_committed_per_s", "rows/s", rate);
      samples.lower("writers.commit_to_kafka_p50", "ms", delays.percentileMillis(50));
      samples.lower("writers.commit_to_kafka_p99", "ms", delays.percentileMillis(99));
      samples.lower("writers.commit_to_kafka_max", "ms", delays.percentileMillis(100));
      samples.lower("writers.rows_lost", "rows", lost.size());
      samples.lower("writers.rows_duplicated", "rows", duplicated + phantom);
      out.printf(
          "  run %d  %,d rows committed (%,.0f rows/s), %,d rolled back; commit->Kafka p50 %5.0f ms, p99 %5.0f ms, max %5.0f ms;"
              + " lost %d, duplicated %d, rolled back yet delivered %d; last arrival %.1f s after the start%n",
          run,
          committedAt.size(),
          rate,
          rolledBack.size(),
          delays.percentileMillis(50),
          delays.percentileMillis(99),
          delays.percentileMillis(100),
          lost.size(),
          duplicated,
          phantom,
          (lastArrival - start) / 1e9);
    }
  }

  /**
   * One writer: transactions of one to three rows, a few milliseconds long, one in ten rolled back.
   */
  private void write(
      int writer,
      int run,
      AtomicBoolean writing,
      Map<Long, Long> committedAt,
      Set<Long> rolledBack,
      AtomicLong failures) {
    Random random = new Random(31L * run + writer);
    try (Connection connection = database.open();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO `writes` (`writer`, `payload`) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      connection.setAutoCommit(false);
      while (writing.get()) {
        List<Long> keys = new ArrayList<>();
        int rows = 1 + random.nextInt(3);
        for (int i = 0; i < rows; i++) {
          insert.setInt(1, writer);
          insert.setString(2, "row of writer " + writer);
          insert.executeUpdate();
          try (ResultSet generated = insert.getGeneratedKeys()) {
            generated.next();
            keys.add(generated.getLong(1));
          }
        }
        // Work inside the transaction: the keys are taken, not yet visible.
        Thread.sleep(random.nextInt(6));
        if (random.nextDouble() < ROLLBACK_SHARE) {
          connection.rollback();
          rolledBack.addAll(keys);
        } else {
          connection.commit();
          long now = System.nanoTime();
          keys.forEach(key -> committedAt.put(key, now));
        }
      }
    } catch (Exception e) {
      failures.incrementAndGet();
      org.slf4j.LoggerFactory.getLogger(ConcurrentWritersBenchmark.class)
          .error("writer {} failed", writer, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (worker != null) {
      worker.close();
    }
  }
}
