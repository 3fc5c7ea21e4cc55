package io.pinpipe.bench.steady;

import io.pinpipe.bench.jvm.GcLog;
import io.pinpipe.bench.kafka.BenchStack;
import io.pinpipe.bench.layout.BenchPaths;
import io.pinpipe.bench.load.ConnectWorkers;
import io.pinpipe.bench.report.Latencies;
import io.pinpipe.bench.report.Samples;
import io.pinpipe.local.connect.LocalConnectorConfigs;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.emulator.EmulatorSettings;
import io.pinpipe.sourcedb.emulator.PostSource;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import io.pinpipe.sourcedb.schema.SourceSchema;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.support.connect.ChildConnectWorker;
import io.pinpipe.support.kafka.ReadCommitted;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Benchmark 2: our connector (all three tables, shipped settings) on a Connect 3.7 worker while the
 * emulator posts as fast as it goes on 8 connections. Each row is timed from the moment its post's
 * transaction committed (the emulator's callback) to the moment a read_committed consumer in this
 * JVM received it; the rate is rows delivered per second of posting.
 */
public final class SteadyStateBenchmark implements AutoCloseable {

  private static final String DATABASE = "steady";
  private static final String PREFIX = "steady.";
  private static final int CONNECTIONS = 8;
  private static final Duration DRAIN = Duration.ofMinutes(2);

  private final BenchStack stack;
  private final BenchPaths paths;
  private final Path work;
  private final int seconds;
  private final PrintStream out;
  private final Map<Integer, Long> committedAt = new ConcurrentHashMap<>();
  private SourceDatabase database;
  private ChildConnectWorker worker;

  public SteadyStateBenchmark(
      BenchStack stack, BenchPaths paths, Path work, int seconds, PrintStream out) {
    this.stack = stack;
    this.paths = paths;
    this.work = work;
    this.seconds = seconds;
    this.out = out;
  }

  /** An empty database of its own, one worker, the connector RUNNING on it. */
  public void prepare() throws Exception {
    database = stack.databaseOfItsOwn(DATABASE);
    try (Connection connection = database.open()) {
      SourceSchema.apply(connection);
    }
    // Created here (as MSK deployments do) so the consumer can be positioned before any row exists.
    stack.createTopics(topics(), 6);
    Path directory = work.resolve("steady/worker");
    Map<String, String> config =
        LocalConnectorConfigs.source(
            PREFIX, database, "disable", directory.resolve("secrets.properties"));
    config.put("name", "steady-pinpipe");
    worker =
        new ConnectWorkers(paths, stack.bootstrapServers(), work.resolve("steady"))
            .startWithConnector("steady-connect", directory, config);
  }

  public void run(int run, Samples samples) throws Exception {
    Path gcLog = ConnectWorkers.gcLog(work.resolve("steady/worker"));
    int gcLinesBefore = Files.exists(gcLog) ? Files.readAllLines(gcLog).size() : 0;
    List<String> topics = topics();
    Latencies delays = new Latencies();
    try (KafkaConsumer<byte[], byte[]> consumer =
        ReadCommitted.bytes(stack.bootstrapServers(), Map.of())) {
      List<TopicPartition> partitions = ReadCommitted.partitionsOf(consumer, topics);
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);

      committedAt.clear();
      PostingEmulator emulator =
          new PostingEmulator(
                  database,
                  PostSource.synthetic(new PostGenerator(100 + run)),
                  EmulatorSettings.defaults().withRate(0).withPosts(0).withConnections(CONNECTIONS))
              .onCommit(number -> committedAt.put(number, System.nanoTime()));
      long start = System.nanoTime();
      CompletableFuture<PostingEmulator.Result> posting = emulator.runInBackground();
      long stopAt = start + Duration.ofSeconds(seconds).toNanos();
      long received = 0;
      long lastArrival = start;
      long lastProgress = System.nanoTime();
      // A record can in theory arrive before the poster thread noted its commit: timed afterwards.
      List<long[]> early = new java.util.ArrayList<>();
      while (true) {
        long now = System.nanoTime();
        if (now >= stopAt) {
          emulator.stop();
        }
        if (posting.isDone() && received >= 3 * emulator.inserted()) {
          break;
        }
        var records = consumer.poll(Duration.ofMillis(100));
        long arrival = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          Integer number = Integer.valueOf(new String(record.key(), StandardCharsets.UTF_8));
          Long committed = committedAt.get(number);
          if (committed == null) {
            early.add(new long[] {number, arrival});
          } else {
            delays.add(arrival - committed);
          }
        }
        if (!records.isEmpty()) {
          received += records.count();
          lastArrival = arrival;
          lastProgress = arrival;
        } else if (arrival - lastProgress > DRAIN.toNanos()) {
          throw new IllegalStateException(
              String.format(
                  "steady state: %,d of %,d rows arrived, then nothing for %d s",
                  received, 3 * emulator.inserted(), DRAIN.toSeconds()));
        }
      }
      PostingEmulator.Result result = posting.join();
      for (long[] arrival : early) {
        Long committed = committedAt.get((int) arrival[0]);
        if (committed == null) {
          throw new IllegalStateException(
              "post " + arrival[0] + " was delivered but this run did not commit it");
        }
        delays.add(Math.max(0, arrival[1] - committed));
      }
      double delivered = received * 1e9 / (lastArrival - start);
      double committed = 3 * result.postsPerSecond();
      List<String> gcLines = Files.readAllLines(gcLog);
      GcLog heap = GcLog.parse(gcLines.subList(gcLinesBefore, gcLines.size()));
      samples.higher("steady.rows_committed_per_s", "rows/s", committed);
      samples.higher("steady.rows_delivered_per_s", "rows/s", delivered);
      samples.lower("steady.commit_to_kafka_p50", "ms", delays.percentileMillis(50));
      samples.lower("steady.commit_to_kafka_p99", "ms", delays.percentileMillis(99));
      if (heap.collections() > 0) {
        samples.lower("steady.worker_peak_heap", "MB", heap.peakHeapMb());
      }
      out.printf(
          "  run %d  committed %,8.0f rows/s, delivered %,8.0f rows/s, commit->Kafka p50 %6.0f ms, p99 %6.0f ms%n",
          run, committed, delivered, delays.percentileMillis(50), delays.percentileMillis(99));
    }
  }

  private static List<String> topics() {
    return List.of(PREFIX + "pin", PREFIX + "geo", PREFIX + "user");
  }

  @Override
  public void close() throws InterruptedException {
    if (worker != null) {
      worker.close();
    }
  }
}
