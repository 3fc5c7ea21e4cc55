package io.pinpipe.local.cli;

import io.pinpipe.local.batch.BatchCheck;
import io.pinpipe.local.pipeline.LocalPipeline;
import io.pinpipe.local.pipeline.LocalPipelineOptions;
import io.pinpipe.local.progress.ProgressView;
import io.pinpipe.local.summary.RunSummary;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pinpipe run}: the whole pipeline locally on embedded defaults, with live progress. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline locally: Kafka (KRaft), Kafka Connect with the source connector and the S3 sink,"
          + " MariaDB with the real sample, s3proxy, the Streams app and the emulator posting new posts,"
          + " with live progress. Stop with Ctrl-C; the summary compares the streaming answers with SQL over S3.",
      "To use Confluent's S3 sink instead of the local one, unpack its zip into DIR/plugins."
    })
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "pinpipe-data",
      description = "Where every component keeps its files (default: ${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Option(names = "--clean", description = "Delete the data directory first.")
  boolean clean;

  @Option(
      names = "--rate",
      paramLabel = "POSTS_PER_S",
      defaultValue = "5",
      description = "Posts per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--posts",
      paramLabel = "N",
      defaultValue = "0",
      description = "Posts to make; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
  long posts;

  @Option(
      names = "--synthetic",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Also load N generated posts, and post generated content (default: ${DEFAULT-VALUE}).")
  int synthetic;

  @Option(
      names = "--exit",
      description = "Stop by itself once --posts N posts have reached S3 and the checks ran.")
  boolean exit;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "9092",
      description = "Kafka's port; 0 = a free port (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--connect-port",
      paramLabel = "PORT",
      defaultValue = "8083",
      description = "Kafka Connect's REST port; 0 = a free port (default: ${DEFAULT-VALUE}).")
  int connectPort;

  @Option(
      names = "--s3-port",
      paramLabel = "PORT",
      defaultValue = "9000",
      description = "The S3 endpoint's port; 0 = a free port (default: ${DEFAULT-VALUE}).")
  int s3Port;

  @Option(
      names = "--db-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port of the embedded MariaDB; 0 = a free port (default: ${DEFAULT-VALUE}).")
  int databasePort;

  @Option(
      names = "--db-ssl-mode",
      paramLabel = "MODE",
      defaultValue = "verify-full",
      description =
          "TLS from the source connector to an external database: verify-full, verify-ca, trust or disable (default: ${DEFAULT-VALUE}).")
  String sslMode;

  @ArgGroup(
      exclusive = false,
      multiplicity = "0..1",
      heading = "External database instead of the embedded MariaDB:%n")
  DatabaseOptions external;

  @Override
  public Integer call() throws Exception {
    LocalPipelineOptions options = options();
    logTo(options.dataDirectory().toAbsolutePath().resolve("logs"));
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch finished = new CountDownLatch(1);
    Thread stopHook = new Thread(() -> {}, "pinpipe-stop");
    try (LocalPipeline pipeline = new LocalPipeline(options, out)) {
      stopHook = new Thread(() -> stopAndWait(pipeline, finished), "pinpipe-stop");
      Runtime.getRuntime().addShutdownHook(stopHook);
      PostingEmulator.Result result;
      boolean settled;
      try (ProgressView progress =
          ProgressView.start(out, Duration.ofSeconds(1), pipeline::progress)) {
        pipeline.start();
        result = pipeline.runEmulator();
        // After Ctrl-C, give what is on its way a short while to arrive before checking.
        settled =
            pipeline.awaitSettled(options.exitWhenDone() ? Duration.ZERO : Duration.ofSeconds(30));
      }
      BatchCheck.Result batch = null;
      try {
        batch = pipeline.batchCheck();
      } catch (Exception e) {
        LOG.error("the batch check failed", e);
      }
      RunSummary summary = RunSummary.of(pipeline, result.posts(), settled, batch);
      summary.print(out);
      Path json = options.dataDirectory().toAbsolutePath().resolve("summary.json");
      summary.write(json);
      out.printf("  summary.json     %s%n", json);
      out.flush();
      if (options.exitWhenDone() && !(settled && summary.batchAgrees())) {
        spec.commandLine()
            .getErr()
            .println(
                "pinpipe run: "
                    + (settled
                        ? "the batch check does not agree with the streaming tables"
                        : "not every post reached S3 in time"));
        return 1;
      }
      return 0;
    } finally {
      finished.countDown();
    }
  }

  /**
   * Logs of every component go to DIR/pinpipe.log, so the terminal keeps only the progress block.
   */
  private static void logTo(Path directory) {
    System.setProperty("pinpipe.log.dir", directory.toString());
    ((LoggerContext) LogManager.getContext(false)).reconfigure();
  }

  private LocalPipelineOptions options() {
    try {
      return new LocalPipelineOptions(
          dataDirectory,
          clean,
          Optional.ofNullable(external).map(DatabaseOptions::database),
          sslMode,
          new LocalPipelineOptions.Ports(kafkaPort, connectPort, s3Port, databasePort),
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
