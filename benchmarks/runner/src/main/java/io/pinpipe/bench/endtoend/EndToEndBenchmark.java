package io.pinpipe.bench.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.bench.report.Latencies;
import io.pinpipe.bench.report.Samples;
import io.pinpipe.local.pipeline.LocalPipeline;
import io.pinpipe.local.pipeline.LocalPipelineOptions;
import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.sourcedb.emulator.EmulatorSettings;
import io.pinpipe.sourcedb.emulator.PostSource;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.support.kafka.ReadCommitted;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Benchmark 4: the local pipeline as {@code ./pinpipe run} starts it (broker, Connect, Streams app
 * in this JVM; MariaDB and the S3 endpoint beside it), posting at 100 and at 1,000 posts/s. Each
 * post is timed from its commit (the emulator's callback) to its arrival in {@code posts}
 * (read_committed consumer) and to the first sight of the S3 object holding it (the endpoint's
 * files, looked at every 100 ms).
 */
public final class EndToEndBenchmark {

  public static final List<Integer> RATES = List.of(100, 1_000);
  private static final Duration STALL = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work;
  private final int seconds;
  private final PrintStream out;

  public EndToEndBenchmark(Path work, int seconds, PrintStream out) {
    this.work = work;
    this.seconds = seconds;
    this.out = out;
  }

  /** What the figures of this benchmark mean, for the report. */
  public static List<String> notes() {
    return List.of(
        "End to end runs the local pipeline as `./pinpipe run` does: broker, Connect worker and Streams app share one JVM "
            + "(-Xmx of the bench launcher), so its heap figure is the whole pipeline's, from the JVM's heap pools' peak usage.",
        "Commit to S3 includes the local pipeline's 5 s wall-clock rotation of the S3 sink (`rotate.schedule.interval.ms`); "
            + "production rotates on record time (`rotate.interval.ms` 10 min, `flush.size` 5,000), so there objects close later.");
  }

  /** One run at each rate, on a fresh pipeline. */
  public void run(int run, Samples samples) throws Exception {
    for (int rate : RATES) {
      Path data = work.resolve("e2e/run-" + run + "-" + rate);
      LocalPipelineOptions options =
          new LocalPipelineOptions(
              data,
              true,
              Optional.empty(),
              "disable",
              LocalPipelineOptions.Ports.ANY_FREE,
              rate,
              0,
              0,
              false);
      try (PrintWriter steps =
              new PrintWriter(
                  Files.newBufferedWriter(Files.createDirectories(data).resolve("steps.log")),
                  true);
          LocalPipeline pipeline = new LocalPipeline(options, steps)) {
        pipeline.start();
        if (!pipeline.awaitSettled(Duration.ofMinutes(3))) {
          throw new IllegalStateException(
              "the sample did not go through the local pipeline within 3 minutes; see " + data);
        }
        measure(run, rate, pipeline, samples);
      }
    }
  }

  private void measure(int run, int rate, LocalPipeline pipeline, Samples samples)
      throws Exception {
    String postsTopic = pipeline.topics().posts().name();
    Path objects = pipeline.s3Objects().topicDirectory(postsTopic);
    Set<Path> seenObjects = new HashSet<>(S3Objects.objectFiles(objects));
    Map<Integer, Long> committedAt = new ConcurrentHashMap<>();
    Latencies toPosts = new Latencies();
    Latencies toS3 = new Latencies();
    Set<Integer> inPosts = new HashSet<>();
    Set<Integer> inS3 = new HashSet<>();
    List<MemoryPoolMXBean> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);

    try (KafkaConsumer<byte[], byte[]> consumer =
        ReadCommitted.bytes(pipeline.bootstrapServers(), Map.of())) {
      List<TopicPartition> partitions = ReadCommitted.partitionsOf(consumer, List.of(postsTopic));
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);

      long posts = (long) rate * seconds;
      PostingEmulator emulator =
          new PostingEmulator(
                  pipeline.database(),
                  PostSource.synthetic(new PostGenerator(500 + run)),
                  EmulatorSettings.defaults().withRate(rate).withPosts(posts).withConnections(8))
              .onCommit(number -> committedAt.put(number, System.nanoTime()));
      CompletableFuture<PostingEmulator.Result> posting = emulator.runInBackground();
      long lastProgress = System.nanoTime();
      while (!(posting.isDone()
          && inPosts.size() >= emulator.inserted()
          && inS3.size() >= emulator.inserted())) {
        int before = inPosts.size() + inS3.size();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          long arrival = System.nanoTime();
          time(number(record.value()), arrival, committedAt, inPosts, toPosts);
        }
        for (Path object : S3Objects.objectFiles(objects)) {
          if (!seenObjects.contains(object)) {
            long seen = System.nanoTime();
            List<Integer> numbers = numbersIn(object);
            if (numbers != null) {
              seenObjects.add(object);
              numbers.forEach(number -> time(number, seen, committedAt, inS3, toS3));
            }
          }
        }
        long now = System.nanoTime();
        if (inPosts.size() + inS3.size() > before) {
          lastProgress = now;
        } else if (now - lastProgress > STALL.toNanos()) {
          throw new IllegalStateException(
              String.format(
                  "at %d posts/s: %,d posts committed, %,d in posts, %,d in S3, then nothing for %d s",
                  rate, emulator.inserted(), inPosts.size(), inS3.size(), STALL.toSeconds()));
        }
      }
      PostingEmulator.Result result = posting.join();
      double heapMb =
          heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum()
              / (1024.0 * 1024);
      String name = "e2e." + rate + "_posts_per_s.";
      samples.higher(name + "posts_committed_per_s", "posts/s", result.postsPerSecond());
      samples.lower(name + "commit_to_posts_p50", "ms", toPosts.percentileMillis(50));
      samples.lower(name + "commit_to_posts_p99", "ms", toPosts.percentileMillis(99));
      samples.lower(name + "commit_to_s3_p50", "ms", toS3.percentileMillis(50));
      samples.lower(name + "commit_to_s3_p99", "ms", toS3.percentileMillis(99));
      samples.lower(name + "pipeline_peak_heap", "MB", heapMb);
      out.printf(
          "  run %d at %,5d posts/s (%,.0f achieved): commit->posts p50 %5.0f ms p99 %5.0f ms; commit->S3 p50 %5.0f ms p99 %5.0f ms; heap %4.0f MB%n",
          run,
          rate,
          result.postsPerSecond(),
          toPosts.percentileMillis(50),
          toPosts.percentileMillis(99),
          toS3.percentileMillis(50),
          toS3.percentileMillis(99),
          heapMb);
    }
  }

  /**
   * Times a post once, the first time it is seen; posts of other runs (the sample) are not timed.
   */
  private static void time(
      int number,
      long seen,
      Map<Integer, Long> committedAt,
      Set<Integer> done,
      Latencies latencies) {
    Long committed = committedAt.get(number);
    if (committed != null && done.add(number)) {
      latencies.add(Math.max(0, seen - committed));
    }
  }

  private static int number(byte[] postJson) throws IOException {
    return JSON.readTree(postJson).path("ind").asInt();
  }

  /** The post numbers in one gzip JSON-lines object, or null if it cannot be read whole yet. */
  private static List<Integer> numbersIn(Path object) {
    try (BufferedReader reader = S3Objects.openLines(object)) {
      List<Integer> numbers = new java.util.ArrayList<>();
      for (String line; (line = reader.readLine()) != null; ) {
        JsonNode post = JSON.readTree(line);
        numbers.add(post.path("ind").asInt());
      }
      return numbers;
    } catch (IOException notWholeYet) {
      return null;
    }
  }
}
