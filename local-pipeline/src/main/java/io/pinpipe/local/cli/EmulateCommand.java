package io.pinpipe.local.cli;

import io.pinpipe.local.progress.ProgressView;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.emulator.EmulatorSettings;
import io.pinpipe.sourcedb.emulator.PostSource;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.schema.SourceSchema;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pinpipe emulate}: the posting emulator against any MySQL-compatible database. */
@Command(
    name = "emulate",
    mixinStandardHelpOptions = true,
    description =
        "Keeps inserting new posts (one row in each of the three tables, one post number) into a"
            + " MySQL-compatible database, like the original user_posting_emulation.py. Stops after"
            + " --posts posts, or on Ctrl-C.")
final class EmulateCommand implements Callable<Integer> {

  enum Source {
    sample,
    synthetic
  }

  enum Transactions {
    post,
    row
  }

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "Database:%n")
  DatabaseOptions db;

  @Option(
      names = "--rate",
      paramLabel = "POSTS_PER_S",
      defaultValue = "10",
      description = "Posts per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--posts",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after N posts; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
  long posts;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      defaultValue = "sample",
      description = "Post content: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Source source;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "Seed of the synthetic generator and the commit delays (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--connections",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Concurrent posters; >1 lets numbers commit out of order (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--transaction-per",
      paramLabel = "UNIT",
      defaultValue = "post",
      description =
          "Commit each ${COMPLETION-CANDIDATES}: 'row' commits pin, geo and user separately (default: ${DEFAULT-VALUE}).")
  Transactions transactionPer;

  @Option(
      names = "--max-commit-delay-ms",
      paramLabel = "MS",
      defaultValue = "0",
      description = "Hold each commit back a random time up to MS (default: ${DEFAULT-VALUE}).")
  long maxCommitDelayMs;

  @Option(
      names = "--create-schema",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Create the three tables if missing (default: ${DEFAULT-VALUE}).")
  boolean createSchema;

  @Override
  public Integer call() throws Exception {
    EmulatorSettings settings = settings();
    SourceDatabase database = database();
    if (createSchema) {
      try (Connection connection = database.open()) {
        SourceSchema.apply(connection);
      }
    }
    PostSource content =
        source == Source.synthetic
            ? PostSource.synthetic(new PostGenerator(seed))
            : PostSource.cycling(SampleData.posts());
    PostingEmulator emulator = new PostingEmulator(database, content, settings);
    var out = spec.commandLine().getOut();
    out.printf(
        "Posting %s content into %s at %s%n",
        source, database.jdbcUrl(), rate == 0 ? "full speed" : rate + " posts/s");
    CountDownLatch finished = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stopAndWait(emulator, finished), "emulator-stop"));
    try (ProgressView progress =
        ProgressView.start(
            out,
            Duration.ofSeconds(1),
            () ->
                List.of(
                    String.format(
                        "posted %,d  (highest post number %d)",
                        emulator.inserted(), emulator.highestNumber())))) {
      PostingEmulator.Result result = emulator.run();
      progress.close();
      out.printf(
          "Posted %,d posts in %.1f s (%.0f posts/s).%n",
          result.posts(), result.elapsed().toMillis() / 1000.0, result.postsPerSecond());
    } finally {
      finished.countDown();
    }
    return 0;
  }

  /** On Ctrl-C: let the posters finish their post and the summary print before the JVM ends. */
  private static void stopAndWait(PostingEmulator emulator, CountDownLatch finished) {
    emulator.stop();
    try {
      finished.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private SourceDatabase database() {
    try {
      return db.database();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--jdbc-url: " + e.getMessage());
    }
  }

  private EmulatorSettings settings() {
    try {
      return new EmulatorSettings(
          rate,
          posts,
          connections,
          transactionPer == Transactions.row
              ? EmulatorSettings.Transactions.PER_ROW
              : EmulatorSettings.Transactions.PER_POST,
          Duration.ofMillis(maxCommitDelayMs),
          seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
