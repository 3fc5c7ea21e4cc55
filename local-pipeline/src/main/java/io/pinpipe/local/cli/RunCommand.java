package io.pinpipe.local.cli;

import io.pinpipe.local.pipeline.LocalPipeline;
import io.pinpipe.local.pipeline.LocalPipelineOptions;
import io.pinpipe.local.progress.ProgressView;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pinpipe run}: the local pipeline on embedded defaults, with live progress. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs the pipeline locally on embedded defaults: MariaDB with the real sample loaded and"
            + " the emulator posting new posts, with live progress. Stop with Ctrl-C.")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "pinpipe-data", description = "Where every component keeps its files (default: ${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Option(names = "--clean", description = "Delete the data directory first.")
  boolean clean;

  @Option(names = "--rate", paramLabel = "POSTS_PER_S", defaultValue = "5", description = "Posts per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--posts", paramLabel = "N", defaultValue = "0", description = "Posts to make; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
  long posts;

  @Option(names = "--synthetic", paramLabel = "N", defaultValue = "0", description = "Also load N generated posts, and post generated content (default: ${DEFAULT-VALUE}).")
  int synthetic;

  @Option(names = "--exit", description = "Stop by itself once --posts N posts are in.")
  boolean exit;

  @Option(names = "--db-port", paramLabel = "PORT", defaultValue = "0", description = "Port of the embedded MariaDB; 0 = a free port (default: ${DEFAULT-VALUE}).")
  int databasePort;

  @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "External database instead of the embedded MariaDB:%n")
  DatabaseOptions external;

  @Override
  public Integer call() throws Exception {
    LocalPipelineOptions options = options();
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch finished = new CountDownLatch(1);
    try (LocalPipeline pipeline = new LocalPipeline(options, out)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndWait(pipeline, finished), "pinpipe-stop"));
      pipeline.start();
      PostingEmulator.Result result;
      try (ProgressView progress = ProgressView.start(out, Duration.ofSeconds(1), pipeline::progress)) {
        result = pipeline.runEmulator();
      }
      out.println();
      out.println("Summary");
      out.printf("  posted this run      %,d posts in %.1f s%n", result.posts(), result.elapsed().toMillis() / 1000.0);
      for (Map.Entry<String, Long> table : pipeline.rowCounts().entrySet()) {
        out.printf("  %-20s %,d rows%n", table.getKey(), table.getValue());
      }
      out.printf("  database             %s%n", pipeline.database().jdbcUrl());
      out.printf("  data directory       %s%n", options.dataDirectory().toAbsolutePath());
      out.flush();
    } finally {
      finished.countDown();
    }
    return 0;
  }

  private LocalPipelineOptions options() {
    try {
      return new LocalPipelineOptions(
          dataDirectory,
          clean,
          Optional.ofNullable(external).map(DatabaseOptions::database),
          databasePort,
          rate,
          posts,
          synthetic,
          exit);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static void stopAndWait(LocalPipeline pipeline, CountDownLatch finished) {
    pipeline.requestStop();
    try {
      finished.await(LocalPipeline.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
