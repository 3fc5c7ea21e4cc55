package io.pinpipe.bench.soak;

import io.pinpipe.bench.report.Machine;
import io.pinpipe.local.layout.Directories;
import io.pinpipe.local.progress.ResidentMemory;
import io.pinpipe.reliability.cluster.DistributedPipeline;
import io.pinpipe.sourcedb.emulator.EmulatorSettings;
import io.pinpipe.sourcedb.emulator.PostSource;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./pinpipe soak --minutes N}: the distributed pipeline (three brokers, two Connect workers,
 * two Streams instances) under a steady posting rate for N minutes. Each minute it samples the
 * resident memory of every process, the end-to-end delay (a post's commit in the database to its
 * arrival in {@code posts}, read_committed) and the lag of every stage; at the end it reports each
 * series' slope per hour, over the whole run and over its later half, and checks that every post
 * arrived exactly once. A slope that keeps growing is a leak or a backlog: a bug to find.
 */
@Command(
    name = "pinpipe soak",
    mixinStandardHelpOptions = true,
    description =
        "Runs the pipeline spread over three brokers, two Connect workers and two Streams instances at a "
            + "steady rate; samples memory, delay and lags each minute and reports their trends.")
public final class SoakMain implements Callable<Integer> {

  @Option(
      names = "--minutes",
      defaultValue = "60",
      description = "How long to post (default ${DEFAULT-VALUE}).")
  int minutes;

  @Option(
      names = "--rate",
      defaultValue = "500",
      description = "Posts per second (three rows each; default ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--initial-posts",
      defaultValue = "100000",
      description =
          "Real-shaped posts in the database before the connector starts, so the state is not empty"
              + " (default ${DEFAULT-VALUE}).")
  int initialPosts;

  @Option(
      names = "--work-dir",
      description =
          "Where the run keeps its data; emptied first (default pinpipe-bench-data/soak).")
  Path workDir;

  @Option(
      names = "--output-dir",
      description = "Where soak.md goes (default target/soak under the project).")
  Path outputDir;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SoakMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path root = Path.of(System.getProperty("pinpipe.root", ".")).toAbsolutePath();
    Path work = workDir != null ? workDir : root.resolve("pinpipe-bench-data/soak");
    Path output = outputDir != null ? outputDir : root.resolve("target/soak");
    Directories.deleteRecursively(work);
    Files.createDirectories(output);
    Instant started = Instant.now();
    out.printf(
        "Soak: %d min at %.0f posts/s after %,d initial posts; 3 brokers, 2 Connect workers, 2 Streams instances%n",
        minutes, rate, initialPosts);
    List<Minute> samples = new ArrayList<>();
    SoakResult result;
    try (DistributedPipeline pipeline =
            DistributedPipeline.start(
                work,
                DistributedPipeline.Shape.spread(1_000),
                database -> {
                  new PostLoader(database).load(SampleData.posts());
                  new PostLoader(database).load(new PostGenerator(7).posts(20_000, initialPosts));
                });
        PostsObserver observer = new PostsObserver(pipeline)) {
      long initial = SampleData.posts().size() + (long) initialPosts;
      out.printf("  started in %d s; waiting for the initial load%n", secondsSince(started));
      observer.awaitPosts(initial, Duration.ofMinutes(30));
      out.printf("  initial load through at %d s; posting%n", secondsSince(started));

      PostingEmulator emulator =
          new PostingEmulator(
                  pipeline.database(),
                  PostSource.synthetic(new PostGenerator(11)),
                  EmulatorSettings.defaults()
                      .withRate(rate)
                      .withPosts((long) (rate * 60 * minutes))
                      .withConnections(8))
              .onCommit(observer::committed);
      CompletableFuture<PostingEmulator.Result> posting = emulator.runInBackground();
      Instant postingStarted = Instant.now();
      long postedBefore = 0;
      for (int minute = 1; minute <= minutes && !posting.isDone(); minute++) {
        // The sampling schedule: once a minute of wall time, whatever the pipeline does.
        Duration untilSample =
            Duration.between(Instant.now(), postingStarted.plus(Duration.ofMinutes(minute)));
        if (!untilSample.isNegative()) {
          Thread.sleep(untilSample.toMillis());
        }
        long posted = emulator.inserted();
        Minute sample =
            new Minute(
                minute,
                (posted - postedBefore) / 60.0,
                observer.takeDelays(),
                Math.max(0, initial + posted - observer.fewestRawRecords()),
                ConsumerLag.of(pipeline.admin(), DistributedPipeline.APPLICATION_ID),
                ConsumerLag.of(pipeline.admin(), "connect-" + DistributedPipeline.S3_SINK),
                residentMegabytes(pipeline));
        postedBefore = posted;
        samples.add(sample);
        out.println("  " + sample.line());
      }
      emulator.stop();
      PostingEmulator.Result posted = posting.join();
      long total = initial + emulator.inserted();
      out.printf("  posting done (%,d posts); waiting for the pipeline to drain%n", posted.posts());
      Instant drainStarted = Instant.now();
      try {
        observer.awaitPosts(total, Duration.ofMinutes(10));
      } catch (IllegalStateException notAll) {
        // Still report: the minutes measured, and what is missing, are the finding.
        out.println("  " + notAll.getMessage());
      }
      result =
          new SoakResult(
              total,
              observer.distinctPosts(),
              observer.duplicatePosts(),
              Duration.between(drainStarted, Instant.now()));
    }
    String report = report(started, samples, result);
    Path file = output.resolve("soak.md");
    Files.writeString(file, report, StandardCharsets.UTF_8);
    out.println();
    out.println(report);
    out.println("Written to " + file);
    return result.lost() == 0 && result.duplicated() == 0 ? 0 : 1;
  }

  /** The end of the run: every post committed, and how many arrived in {@code posts}. */
  record SoakResult(long committed, long arrived, long duplicated, Duration drain) {
    long lost() {
      return committed - arrived;
    }
  }

  /** One minute's sample. */
  record Minute(
      int minute,
      double postsPerSecond,
      PostsObserver.Delays delays,
      long sourceLagPosts,
      long streamsLag,
      long sinkLag,
      Map<String, Double> residentMb) {

    String line() {
      StringBuilder memory = new StringBuilder();
      residentMb.forEach((name, mb) -> memory.append(String.format(" %s %.0f", name, mb)));
      return String.format(
          "min %3d: %5.0f posts/s, delay p50 %6.0f ms p99 %6.0f ms, lag source %,d posts, streams %,d, sink %,d; RSS MB%s",
          minute,
          postsPerSecond,
          delays.p50(),
          delays.p99(),
          sourceLagPosts,
          streamsLag,
          sinkLag,
          memory);
    }
  }

  private static Map<String, Double> residentMegabytes(DistributedPipeline pipeline) {
    Map<String, Double> megabytes = new LinkedHashMap<>();
    pipeline
        .processes()
        .forEach(
            (name, process) -> megabytes.put(name, ResidentMemory.of(process) / (1024.0 * 1024)));
    megabytes.put("driver", ResidentMemory.of(ProcessHandle.current()) / (1024.0 * 1024));
    return megabytes;
  }

  private String report(Instant started, List<Minute> samples, SoakResult result) {
    Set<String> processes = new LinkedHashSet<>();
    samples.forEach(sample -> processes.addAll(sample.residentMb().keySet()));
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            "Soak of %d minutes at %.0f posts/s (%,d real-shaped posts loaded first), started %s on %s.%n%n",
            samples.size(), rate, initialPosts, started, machine()));
    md.append(
        String.format(
            "End: %,d posts committed, %,d in `posts` (read_committed), %,d lost, %,d duplicated; drained in %.1f s after posting stopped.%n%n",
            result.committed(),
            result.arrived(),
            result.lost(),
            result.duplicated(),
            result.drain().toMillis() / 1000.0));

    Map<String, List<Double>> series = new LinkedHashMap<>();
    series.put("posts/s committed", column(samples, Minute::postsPerSecond));
    series.put("delay p50 ms (commit to `posts`)", column(samples, m -> m.delays().p50()));
    series.put("delay p99 ms (commit to `posts`)", column(samples, m -> m.delays().p99()));
    series.put("source lag, posts", column(samples, m -> (double) m.sourceLagPosts()));
    series.put("Streams app lag, offsets", column(samples, m -> (double) m.streamsLag()));
    series.put("S3 sink lag, offsets", column(samples, m -> (double) m.sinkLag()));
    for (String process : processes) {
      series.put(
          "RSS MB " + process,
          column(samples, m -> m.residentMb().getOrDefault(process, Double.NaN)));
    }
    md.append(
        "| series | first minute | last minute | mean | max | slope per hour | slope per hour, later half |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    series.forEach(
        (name, values) -> {
          List<Double> known = values.stream().filter(value -> !value.isNaN()).toList();
          md.append(
              String.format(
                  "| %s | %.1f | %.1f | %.1f | %.1f | %+.1f | %+.1f |%n",
                  name,
                  known.isEmpty() ? Double.NaN : known.get(0),
                  known.isEmpty() ? Double.NaN : known.get(known.size() - 1),
                  known.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                  known.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                  Trend.perHour(known),
                  Trend.perHour(Trend.laterHalf(known))));
        });
    md.append("\nPer minute:\n\n```\n");
    samples.forEach(sample -> md.append(sample.line()).append('\n'));
    md.append("```\n");
    return md.toString();
  }

  private static String machine() {
    Machine machine = Machine.current();
    return String.format(
        "%s, %d cores, %,d MB, %s",
        machine.cpu(), machine.cores(), machine.memoryMb(), machine.java());
  }

  private static List<Double> column(
      List<Minute> samples, java.util.function.ToDoubleFunction<Minute> value) {
    return samples.stream().map(sample -> value.applyAsDouble(sample)).toList();
  }

  private static long secondsSince(Instant start) {
    return Duration.between(start, Instant.now()).toSeconds();
  }
}
