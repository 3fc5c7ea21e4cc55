package io.pinpipe.bench.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.pinpipe.bench.kafka.ApplicationLag;
import io.pinpipe.bench.kafka.BenchStack;
import io.pinpipe.bench.kafka.BrokerAppends;
import io.pinpipe.bench.layout.BenchPaths;
import io.pinpipe.bench.load.ConnectWorkers;
import io.pinpipe.bench.report.Samples;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.streams.topology.Topics;
import io.pinpipe.support.process.ChildJvm;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Benchmark 5: the full topology at growing volumes of real-shaped posts, on a real broker,
 * exactly-once, one fresh application and fresh topics per size. Each size N runs in two halves:
 * the first N/2 posts fill the state, then the clock runs over the second N/2 until the app has
 * done all their work. Per size: input records per second over the second half, bytes the app
 * appended to its internal topics (changelogs, repartition topics) per post of that half, the
 * largest record its producers sent (their {@code record-size-max}, read every second from inside
 * the app's JVM), and its state directory's size at the end. At the largest size a fresh instance
 * then starts on an empty state directory and the time until its restoration from the changelogs
 * has ended is measured.
 */
public final class ScaleBenchmark {

  public static String rate(int posts) {
    return "scale." + label(posts) + ".input_records_per_s";
  }

  public static String internalBytesPerPost(int posts) {
    return "scale." + label(posts) + ".internal_bytes_per_post";
  }

  private static final int PARTITIONS = 6;
  private static final long SEED = 31;

  private final BenchStack stack;
  private final BenchPaths paths;
  private final Path work;
  private final List<Integer> sizes;
  private final PrintStream out;

  public ScaleBenchmark(
      BenchStack stack, BenchPaths paths, Path work, List<Integer> sizes, PrintStream out) {
    this.stack = stack;
    this.paths = paths;
    this.work = work;
    this.sizes = List.copyOf(sizes);
    this.out = out;
  }

  public void run(Samples samples) throws Exception {
    int largestSize = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
    for (int size : sizes) {
      runSize(size, size == largestSize, samples);
    }
  }

  private void runSize(int posts, boolean measureRestore, Samples samples) throws Exception {
    String applicationId = "scale-" + label(posts);
    Topics topics = new Topics(applicationId + ".");
    Path directory = work.resolve("scale/" + label(posts));
    Path state = directory.resolve("state");
    Path report = directory.resolve("report.properties");
    Files.createDirectories(directory);
    List<String> created = TopologyBenchmark.createTopics(stack, topics);
    Set<String> sources = TopologyBenchmark.sourceTopics("full", topics, applicationId);
    ApplicationLag lag = new ApplicationLag(stack.admin(), applicationId, sources);
    Predicate<String> internal = name -> name.startsWith(applicationId + "-");
    int firstHalf = posts / 2;
    try (KafkaProducer<byte[], byte[]> producer = TopologyBenchmark.producer(stack)) {
      ChildJvm app = start(directory.resolve("streams.log"), topics, applicationId, state, report);
      try {
        write(producer, topics, 1, firstHalf);
        TopologyBenchmark.awaitCaughtUp("full", app, lag, topics, 3L * firstHalf);
        Map<String, Long> bytesBefore = BrokerAppends.bytesByTopic(internal);
        Map<String, Long> recordsBefore = BrokerAppends.byTopic(internal);
        long start = System.nanoTime();
        write(producer, topics, firstHalf + 1, posts - firstHalf);
        TopologyBenchmark.Reading end =
            TopologyBenchmark.awaitCaughtUp("full", app, lag, topics, 3L * posts);
        double seconds = (end.nanos() - start) / 1e9;
        long bytes =
            BrokerAppends.between(bytesBefore, BrokerAppends.bytesByTopic(internal), internal);
        Map<String, Long> recordsAfter = BrokerAppends.byTopic(internal);
        long records = BrokerAppends.between(recordsBefore, recordsAfter, internal);
        double rate = 3.0 * (posts - firstHalf) / seconds;
        double bytesPerPost = (double) bytes / (posts - firstHalf);
        // The producers' maximum as read after the app caught up: every record is in it.
        long largestRecord =
            Long.parseLong(
                RunReport.readWrittenAfter(
                        report, System.currentTimeMillis(), Duration.ofSeconds(30))
                    .getProperty(RunReport.LARGEST_RECORD, "0"));
        long stateBytes = sizeOf(state);
        samples.higher(rate(posts), "records/s", rate);
        samples.lower(internalBytesPerPost(posts), "bytes", bytesPerPost);
        samples.lower(
            "scale." + label(posts) + ".internal_records_per_post",
            "records",
            (double) records / (posts - firstHalf));
        samples.lower("scale." + label(posts) + ".largest_record", "bytes", largestRecord);
        samples.lower("scale." + label(posts) + ".state_on_disk", "MB", stateBytes / 1e6);
        out.printf(
            "  %,10d posts  %,8.0f input records/s over the second half   internal topics %,6.0f bytes and %.1f records per post"
                + "   largest record %,d bytes   state %,.0f MB%n",
            posts,
            rate,
            bytesPerPost,
            (double) records / (posts - firstHalf),
            largestRecord,
            stateBytes / 1e6);
        StringBuilder byTopic = new StringBuilder();
        recordsAfter.forEach(
            (topic, count) ->
                byTopic.append(
                    String.format(
                        "  %s %.2f",
                        topic.substring(applicationId.length() + 1),
                        (double) (count - recordsBefore.getOrDefault(topic, 0L))
                            / (posts - firstHalf))));
        out.printf(
            "              records per post by internal topic (transaction markers included):%s%n",
            byTopic);
      } finally {
        app.close();
      }
      if (measureRestore) {
        restore(posts, topics, applicationId, directory, samples);
      }
    } finally {
      TopologyBenchmark.deleteTopics(stack, created, applicationId);
    }
  }

  /**
   * A fresh instance of the same application on an empty state directory, until restored and
   * running.
   */
  private void restore(
      int posts, Topics topics, String applicationId, Path directory, Samples samples)
      throws Exception {
    Path state = directory.resolve("restore-state");
    Path report = directory.resolve("restore-report.properties");
    long start = System.nanoTime();
    try (ChildJvm app =
        start(directory.resolve("restore.log"), topics, applicationId, state, report)) {
      Duration limit = Duration.ofMinutes(10);
      while (true) {
        Properties read = RunReport.read(report);
        if (read.containsKey(RunReport.RESTORED_AFTER_MS)) {
          double restoring = Long.parseLong(read.getProperty(RunReport.RESTORE_MS)) / 1000.0;
          double sinceStart =
              Long.parseLong(read.getProperty(RunReport.RESTORED_AFTER_MS)) / 1000.0;
          long restored = Long.parseLong(read.getProperty(RunReport.RESTORED_RECORDS));
          samples.lower("scale." + label(posts) + ".restore_seconds", "s", restoring);
          samples.lower("scale." + label(posts) + ".restored_records", "records", restored);
          samples.lower("scale." + label(posts) + ".start_to_restored_seconds", "s", sinceStart);
          out.printf(
              "  %,10d posts  a fresh instance restored %,d changelog records in %.1f s; %.1f s from its start (group join included)%n",
              posts, restored, restoring, sinceStart);
          return;
        }
        if (!app.isAlive() || System.nanoTime() - start > limit.toNanos()) {
          throw new IllegalStateException(
              "the fresh instance did not finish restoring in " + limit + "; see " + app.log());
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }

  private ChildJvm start(Path log, Topics topics, String applicationId, Path state, Path report)
      throws IOException {
    return ChildJvm.start(
        log,
        ConnectWorkers.launch(paths.runnerClassPath(), log.getParent()),
        TopologyRun.class.getName(),
        "full",
        stack.bootstrapServers(),
        topics.prefix(),
        applicationId,
        state.toString(),
        report.toString());
  }

  /**
   * Posts {@code first..first+count-1} of the real-shaped generator, generated as they are sent.
   */
  private static void write(
      KafkaProducer<byte[], byte[]> producer, Topics topics, int first, int count)
      throws IOException {
    ObjectWriter json = new ObjectMapper().writer();
    for (Post post : new PostGenerator(SEED).posts(first, count)) {
      for (RawInput record : RawInput.of(post, json)) {
        producer.send(
            new ProducerRecord<>(topics.raw(record.part()).name(), record.key(), record.value()));
      }
    }
    producer.flush();
  }

  private static long sizeOf(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  public static String label(int posts) {
    return posts % 1_000_000 == 0
        ? posts / 1_000_000 + "m"
        : posts % 1_000 == 0 ? posts / 1_000 + "k" : Integer.toString(posts);
  }
}
