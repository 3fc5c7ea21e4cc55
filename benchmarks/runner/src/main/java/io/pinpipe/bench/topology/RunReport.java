package io.pinpipe.bench.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * What a topology run reports from inside its JVM, rewritten to a properties file every second: the
 * largest record its producers have sent ({@code record-size-max}, a windowed maximum, kept as the
 * maximum of every reading), and its restoration: records restored, changelog partitions still
 * restoring, and, once the app runs with nothing left to restore, the milliseconds from the first
 * restoration's start to the last one's end and from the app's start to that end.
 */
final class RunReport implements StateRestoreListener, AutoCloseable {

  static final String LARGEST_RECORD = "largest_record_bytes";
  static final String RESTORED_RECORDS = "restored_records";
  static final String RESTORING = "restoring_partitions";
  static final String RESTORED_AFTER_MS = "restored_after_ms";
  static final String RESTORE_MS = "restore_ms";
  static final String RUNNING = "running";
  static final String WRITTEN_AT_MS = "written_at_ms";

  private final KafkaStreams streams;
  private final Path file;
  private final long startNanos = System.nanoTime();
  private final AtomicLong largestRecord = new AtomicLong();
  private final AtomicLong restoredRecords = new AtomicLong();
  private final AtomicInteger restoring = new AtomicInteger();
  private final AtomicInteger restorationsStarted = new AtomicInteger();
  private final AtomicLong firstRestoreStartNanos = new AtomicLong();
  private final AtomicLong lastRestoreEndNanos = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();
  private final ScheduledExecutorService writer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "run-report");
            thread.setDaemon(true);
            return thread;
          });

  private RunReport(KafkaStreams streams, Path file) {
    this.streams = streams;
    this.file = file;
  }

  /** Attaches a report to an app not started yet. */
  static RunReport attach(KafkaStreams streams, Path file) {
    RunReport report = new RunReport(streams, file);
    streams.setGlobalStateRestoreListener(report);
    streams.setStateListener(
        (now, before) -> report.running.set(now == KafkaStreams.State.RUNNING));
    report.writer.scheduleWithFixedDelay(report::write, 1, 1, TimeUnit.SECONDS);
    return report;
  }

  @Override
  public void onRestoreStart(
      TopicPartition partition, String store, long startingOffset, long endingOffset) {
    if (restorationsStarted.getAndIncrement() == 0) {
      firstRestoreStartNanos.set(System.nanoTime());
    }
    restoring.incrementAndGet();
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    restoredRecords.addAndGet(numRestored);
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    restoring.decrementAndGet();
    lastRestoreEndNanos.set(System.nanoTime());
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
    restoring.decrementAndGet();
  }

  private void write() {
    for (Metric metric : streams.metrics().values()) {
      if (metric.metricName().name().equals("record-size-max")
          && metric.metricValue() instanceof Double size
          && !size.isNaN()) {
        largestRecord.accumulateAndGet(size.longValue(), Math::max);
      }
    }
    Properties properties = new Properties();
    properties.setProperty(LARGEST_RECORD, Long.toString(largestRecord.get()));
    properties.setProperty(RESTORED_RECORDS, Long.toString(restoredRecords.get()));
    properties.setProperty(RESTORING, Integer.toString(restoring.get()));
    properties.setProperty(RUNNING, Boolean.toString(running.get()));
    properties.setProperty(WRITTEN_AT_MS, Long.toString(System.currentTimeMillis()));
    if (running.get() && restorationsStarted.get() > 0 && restoring.get() == 0) {
      properties.setProperty(
          RESTORED_AFTER_MS, Long.toString((lastRestoreEndNanos.get() - startNanos) / 1_000_000));
      properties.setProperty(
          RESTORE_MS,
          Long.toString((lastRestoreEndNanos.get() - firstRestoreStartNanos.get()) / 1_000_000));
    }
    try {
      Path next = file.resolveSibling(file.getFileName() + ".next");
      try (var out = Files.newBufferedWriter(next)) {
        properties.store(out, "topology run report");
      }
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a report a run wrote; empty when none was written yet. */
  /**
   * The report as first written after {@code moment} (epoch milliseconds), so that it holds the
   * readings up to then; fails after {@code limit}.
   */
  static Properties readWrittenAfter(Path file, long moment, Duration limit)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Properties report = read(file);
      if (Long.parseLong(report.getProperty(WRITTEN_AT_MS, "0")) > moment) {
        return report;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(file + " was not rewritten within " + limit);
      }
      // The report is rewritten every second; this only bounds how late that is noticed.
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  static Properties read(Path file) throws IOException {
    Properties properties = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newBufferedReader(file)) {
        properties.load(in);
      }
    }
    return properties;
  }

  @Override
  public void close() {
    writer.shutdown();
    write();
  }
}
