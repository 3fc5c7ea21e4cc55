package io.pinpipe.streams.app;

import io.pinpipe.streams.config.StreamsAppConfig;
import io.pinpipe.streams.dryrun.DryRun;
import io.pinpipe.streams.topology.PinPipeTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar pinpipe-streams.jar run|dry-run|create-topics|describe}. */
@Command(
    name = "pinpipe-streams",
    mixinStandardHelpOptions = true,
    description =
        "The PinPipe Kafka Streams app: cleans pin, geo and user, joins them into posts, keeps the analytics tables.",
    subcommands = {
      StreamsMain.Run.class,
      StreamsMain.DryRunCommand.class,
      StreamsMain.CreateTopics.class,
      StreamsMain.Describe.class,
      CommandLine.HelpCommand.class
    })
public final class StreamsMain implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with one-line errors instead of stack traces. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new StreamsMain());
    commandLine.setExecutionExceptionHandler(
        (ex, failed, parseResult) -> {
          failed
              .getErr()
              .println(failed.getCommandSpec().qualifiedName() + ": error: " + message(ex));
          return 1;
        });
    return commandLine;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  private static String message(Throwable ex) {
    if (ex instanceof ConfigException) {
      return "bad configuration: " + ex.getMessage();
    }
    Throwable cause = ex;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /** Where the configuration comes from: a file or a built-in profile. */
  static final class ConfigSource {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "A properties file (see config/*.properties in the jar).")
    Path file;

    @Option(
        names = "--profile",
        paramLabel = "NAME",
        description = "A built-in profile: local or msk-iam.")
    String profile;

    StreamsAppConfig load() throws IOException {
      Map<String, String> environment = System.getenv();
      return file != null
          ? StreamsAppConfig.load(file, environment)
          : StreamsAppConfig.profile(profile, environment);
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Runs the app until stopped (SIGTERM or Ctrl-C closes it cleanly); exits 1 if it shuts itself down after repeated thread failures.")
  static final class Run implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    ConfigSource source;

    @Override
    public Integer call() throws Exception {
      StreamsAppConfig config = source.load();
      StreamsApp app = StreamsApp.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "pinpipe-streams-shutdown"));
      // Returns only when Kafka Streams stopped by itself: a shutdown hook's close halts the JVM
      // before this thread could return.
      String failure = app.awaitFailure();
      System.err.println("pinpipe-streams stopped: " + failure);
      return 1;
    }
  }

  @Command(
      name = "dry-run",
      mixinStandardHelpOptions = true,
      description =
          "Runs the production topology without a broker on pin.jsonl, geo.jsonl and user.jsonl, and writes every output as JSON Lines.")
  static final class DryRunCommand implements Callable<Integer> {
    @Option(
        names = "--input",
        required = true,
        paramLabel = "DIR",
        description = "Directory with pin.jsonl, geo.jsonl and user.jsonl.")
    Path input;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "DIR",
        description = "Directory for the output files (created if missing).")
    Path output;

    @Override
    public Integer call() throws Exception {
      DryRun.Summary summary = DryRun.run(input, output);
      summary
          .linesPerFile()
          .forEach(
              (file, lines) ->
                  System.out.printf("%-52s %,7d lines%n", output.resolve(file), lines));
      return 0;
    }
  }

  @Command(
      name = "create-topics",
      mixinStandardHelpOptions = true,
      description = "Checks the raw topics and creates the output topics, then exits.")
  static final class CreateTopics implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    ConfigSource source;

    @Override
    public Integer call() throws Exception {
      StreamsAppConfig config = source.load();
      try (Admin admin = Admin.create(config.streamsProperties())) {
        TopicSetup setup = new TopicSetup(admin, config.topics());
        int partitions = setup.checkRawTopics();
        setup.createOutputTopics(partitions, config.replicationFactor());
        System.out.printf("output topics ready with %d partitions each%n", partitions);
      }
      return 0;
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Prints the topology: processors, stores and topics.")
  static final class Describe implements Callable<Integer> {
    @Option(
        names = "--topic-prefix",
        defaultValue = "pinterest.",
        description = "Topic prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Override
    public Integer call() {
      System.out.println(
          PinPipeTopology.build(io.pinpipe.streams.topology.TopologySettings.production(prefix))
              .describe());
      return 0;
    }
  }
}
