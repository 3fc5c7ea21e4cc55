package io.pinpipe.bench;

import io.pinpipe.bench.endtoend.EndToEndBenchmark;
import io.pinpipe.bench.kafka.BenchStack;
import io.pinpipe.bench.layout.BenchPaths;
import io.pinpipe.bench.load.InitialLoadBenchmark;
import io.pinpipe.bench.load.InitialLoadBenchmark.Contender;
import io.pinpipe.bench.report.BenchReport;
import io.pinpipe.bench.report.Machine;
import io.pinpipe.bench.report.Ratio;
import io.pinpipe.bench.report.Samples;
import io.pinpipe.bench.steady.ConcurrentWritersBenchmark;
import io.pinpipe.bench.steady.SteadyStateBenchmark;
import io.pinpipe.bench.topology.ScaleBenchmark;
import io.pinpipe.bench.topology.TopologyBenchmark;
import io.pinpipe.local.layout.Directories;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./pinpipe bench}: every benchmark, side by side in one run, each figure the median of
 * {@code --runs} runs; prints the table and writes {@code BENCHMARKS.md} and {@code
 * benchmarks.json}.
 */
@Command(
    name = "pinpipe bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks the connector against Debezium and the raw limit, the topology against pass-through, "
            + "and the local pipeline end to end; writes BENCHMARKS.md and benchmarks.json.")
public final class BenchMain implements Callable<Integer> {

  /** The benchmarks, by the names --only takes. */
  public enum Part {
    load,
    steady,
    writers,
    topology,
    e2e,
    scale
  }

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs per figure (default ${DEFAULT-VALUE}); the median is reported.")
  int runs;

  @Option(
      names = "--rows",
      defaultValue = "1000000",
      description = "Rows of pinterest_data for the initial load (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--topology-posts",
      defaultValue = "100000",
      description =
          "Posts (three input records each) for the topology benchmark (default ${DEFAULT-VALUE}).")
  int topologyPosts;

  @Option(
      names = "--topology-warm-up-posts",
      defaultValue = "30000",
      description =
          "Posts each topology works through before the measured ones, so that the JIT has compiled its hot code (default ${DEFAULT-VALUE}).")
  int topologyWarmUpPosts;

  @Option(
      names = "--seconds",
      defaultValue = "20",
      description =
          "Length of each steady-state and end-to-end run, in seconds (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--scale-posts",
      split = ",",
      defaultValue = "100000,1000000",
      description =
          "Sizes of the scale benchmark, in real-shaped posts, smallest first (default ${DEFAULT-VALUE}).")
  List<Integer> scalePosts;

  @Option(
      names = "--only",
      split = ",",
      description = "Only these benchmarks: ${COMPLETION-CANDIDATES} (default all).")
  Set<Part> only = EnumSet.allOf(Part.class);

  @Option(
      names = "--work-dir",
      defaultValue = "${sys:pinpipe.root:-.}/pinpipe-bench-data",
      description = "Scratch directory, emptied first (default ${DEFAULT-VALUE}).")
  Path workDirectory;

  @Option(
      names = "--output-dir",
      defaultValue = "${sys:pinpipe.root:-.}",
      description =
          "Where BENCHMARKS.md and benchmarks.json go (default: the project's root, ${DEFAULT-VALUE}).")
  Path outputDirectory;

  private final List<String> arguments;
  private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  BenchMain(List<String> arguments) {
    this.arguments = arguments;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain(List.of(args))).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--runs must be at least 1, got " + runs);
    }
    Path work = workDirectory.toAbsolutePath();
    Directories.deleteRecursively(work);
    Files.createDirectories(work);
    System.setProperty("pinpipe.log.dir", work.toString());
    BenchPaths paths = BenchPaths.locate();
    Samples samples = new Samples();
    List<String> notes = new ArrayList<>();
    out.printf(
        "PinPipe benchmarks: %s, %d run(s) each; logs in %s%n",
        only, runs, work.resolve("bench.log"));

    if (only.contains(Part.load)
        || only.contains(Part.steady)
        || only.contains(Part.writers)
        || only.contains(Part.topology)
        || only.contains(Part.scale)) {
      try (BenchStack stack = BenchStack.start(work.resolve("stack"))) {
        if (only.contains(Part.load)) {
          out.printf(
              "%n1. Initial load of %,d rows: our connector, Debezium, raw JDBC + producer%n",
              rows);
          InitialLoadBenchmark load = new InitialLoadBenchmark(stack, paths, work, rows, out);
          load.prepare();
          for (int run = 0; run < runs; run++) {
            load.run(run, samples);
          }
        }
        if (only.contains(Part.steady)) {
          out.printf("%n2. Steady state: the emulator as fast as it goes, %d s per run%n", seconds);
          SteadyStateBenchmark steady = new SteadyStateBenchmark(stack, paths, work, seconds, out);
          steady.prepare();
          for (int run = 0; run < runs; run++) {
            steady.run(run, samples);
          }
          steady.close();
        }
        if (only.contains(Part.writers)) {
          out.printf(
              "%n2b. Concurrent writers: 16 writers, short transactions, 1 in 10 rolled back, %d s per run%n",
              seconds);
          try (ConcurrentWritersBenchmark writers =
              new ConcurrentWritersBenchmark(stack, paths, work, seconds, out)) {
            writers.prepare();
            for (int run = 0; run < runs; run++) {
              writers.run(run, samples);
            }
          }
        }
        if (only.contains(Part.topology)) {
          out.printf(
              "%n3. Topology: the full topology against pass-through, %,d posts (%,d input records) after %,d warm-up posts%n",
              topologyPosts, 3L * topologyPosts, topologyWarmUpPosts);
          TopologyBenchmark topology =
              new TopologyBenchmark(stack, paths, work, topologyPosts, topologyWarmUpPosts, out);
          topology.prepare();
          for (int run = 0; run < runs; run++) {
            topology.run(run, samples);
          }
        }
        if (only.contains(Part.scale)) {
          out.printf(
              "%n5. Scale: the full topology at %s real-shaped posts, exactly-once, the second half of each measured%n",
              scalePosts.stream().map(n -> String.format("%,d", n)).toList());
          new ScaleBenchmark(stack, paths, work, scalePosts, out).run(samples);
        }
      }
    }
    if (only.contains(Part.e2e)) {
      out.printf(
          "%n4. End to end in the local pipeline: commit to posts and to S3, %d s per run%n",
          seconds);
      EndToEndBenchmark endToEnd = new EndToEndBenchmark(work, seconds, out);
      for (int run = 0; run < runs; run++) {
        endToEnd.run(run, samples);
      }
      notes.addAll(EndToEndBenchmark.notes());
    }

    BenchReport report =
        new BenchReport(
            command(),
            Machine.current(),
            settings(),
            samples.figures(),
            ratios(samples),
            notes,
            Instant.now());
    out.println();
    out.print(report.table());
    Path output = outputDirectory.toAbsolutePath();
    report.write(output);
    out.printf(
        "%nWrote %s and %s%n", output.resolve("BENCHMARKS.md"), output.resolve("benchmarks.json"));
    return 0;
  }

  private List<Ratio> ratios(Samples samples) {
    List<Ratio> ratios = new ArrayList<>();
    if (samples.has(Contender.PINPIPE.rateFigure())) {
      ratios.add(
          Ratio.of(
              "connector_vs_debezium",
              samples.figure(Contender.PINPIPE.rateFigure()),
              samples.figure(Contender.DEBEZIUM.rateFigure()),
              1.0));
      ratios.add(
          Ratio.of(
              "connector_vs_raw",
              samples.figure(Contender.PINPIPE.rateFigure()),
              samples.figure(Contender.RAW.rateFigure()),
              0.7));
      // CPU per row of the whole stack: what a row costs apart from how long it waited for a core.
      ratios.add(
          Ratio.of(
              "connector_cpu_vs_debezium",
              samples.figure(Contender.PINPIPE.perCpuSecondFigure()),
              samples.figure(Contender.DEBEZIUM.perCpuSecondFigure()),
              0));
      ratios.add(
          Ratio.of(
              "connector_cpu_vs_raw",
              samples.figure(Contender.PINPIPE.perCpuSecondFigure()),
              samples.figure(Contender.RAW.perCpuSecondFigure()),
              0));
      ratios.add(
          Ratio.of(
              "connector_heap_vs_debezium",
              samples.figure("load.pinpipe.peak_heap"),
              samples.figure("load.debezium.peak_heap"),
              0));
    }
    if (samples.has(TopologyBenchmark.FULL_RATE)) {
      ratios.add(
          Ratio.of(
              "topology_vs_passthrough",
              samples.figure(TopologyBenchmark.FULL_RATE),
              samples.figure(TopologyBenchmark.PASSTHROUGH_RATE),
              0.5));
      // The work per record, steadier than the rates where other load on the machine moves them.
      ratios.add(
          Ratio.of(
              "topology_cpu_vs_passthrough",
              samples.figure(TopologyBenchmark.perCpuSecond("full")),
              samples.figure(TopologyBenchmark.perCpuSecond("passthrough")),
              0));
      ratios.add(
          Ratio.of(
              "topology_app_cpu_vs_passthrough",
              samples.figure(TopologyBenchmark.perAppCpuSecond("full")),
              samples.figure(TopologyBenchmark.perAppCpuSecond("passthrough")),
              0));
      ratios.add(
          Ratio.of(
              "topology_vs_passthrough_test_driver",
              samples.figure(TopologyBenchmark.FULL_DRIVER_RATE),
              samples.figure(TopologyBenchmark.PASSTHROUGH_DRIVER_RATE),
              0));
    }
    if (scalePosts.size() >= 2 && samples.has(ScaleBenchmark.rate(scalePosts.get(0)))) {
      int smallest = scalePosts.get(0);
      int largest = scalePosts.get(scalePosts.size() - 1);
      String sizes = ScaleBenchmark.label(largest) + "_vs_" + ScaleBenchmark.label(smallest);
      ratios.add(
          Ratio.of(
              "scale_" + sizes,
              samples.figure(ScaleBenchmark.rate(largest)),
              samples.figure(ScaleBenchmark.rate(smallest)),
              0.8));
      // Lower is better for bytes, so the ratio is the small size's bytes over the large one's:
      // at least 1/1.2 means at most 1.2 times the bytes per post.
      ratios.add(
          Ratio.of(
              "scale_bytes_" + sizes,
              samples.figure(ScaleBenchmark.internalBytesPerPost(largest)),
              samples.figure(ScaleBenchmark.internalBytesPerPost(smallest)),
              1 / 1.2));
    }
    return ratios;
  }

  private Map<String, Object> settings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("runs", runs);
    if (only.contains(Part.load)) {
      settings.put("initial_load_rows", rows);
    }
    if (only.contains(Part.topology)) {
      settings.put("topology_posts", topologyPosts);
      settings.put("topology_warm_up_posts", topologyWarmUpPosts);
    }
    if (only.contains(Part.scale)) {
      settings.put("scale_posts", scalePosts);
    }
    if (only.contains(Part.steady) || only.contains(Part.e2e)) {
      settings.put("seconds_per_run", seconds);
    }
    settings.put("benchmarks", only.stream().map(Enum::name).toList());
    return settings;
  }

  private String command() {
    List<String> shown = new ArrayList<>(List.of("./pinpipe", "bench"));
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (argument.equals("--output-dir") || argument.equals("--work-dir")) {
        i++;
      } else if (!argument.startsWith("--output-dir=") && !argument.startsWith("--work-dir=")) {
        shown.add(argument);
      }
    }
    return String.join(" ", shown);
  }
}
