package io.pinpipe.local.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code pinpipe} command: one entry point for the project's tools. A wrong argument gets a
 * one-line error and the usage (exit 2); a failure at run time gets a one-line reason (exit 1),
 * with the stack trace only in the log file.
 */
@Command(
    name = "pinpipe",
    mixinStandardHelpOptions = true,
    versionProvider = PinPipeCli.Version.class,
    description = "PinPipe: the Kafka-native Pinterest data pipeline.",
    subcommands = {
      RunCommand.class,
      EmulateCommand.class,
      DryRunCommand.class,
      DeployCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "The benchmarks run from the project: ./pinpipe bench (see benchmarks/README.md).",
      "Run 'pinpipe COMMAND --help' for a command's options."
    })
public final class PinPipeCli implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PinPipeCli.class);

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(
        execute(
            args,
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs the command line and returns the exit code, writing to the given streams. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new PinPipeCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(
        (ex, arguments) -> {
          CommandLine failed = ex.getCommandLine();
          failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
          failed.usage(failed.getErr());
          return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
    commandLine.setExecutionExceptionHandler(
        (ex, failed, parseResult) -> {
          LOG.error("{} failed", failed.getCommandSpec().qualifiedName(), ex);
          failed
              .getErr()
              .println(failed.getCommandSpec().qualifiedName() + ": error: " + reason(ex));
          return failed.getCommandSpec().exitCodeOnExecutionException();
        });
    return commandLine.execute(args);
  }

  /** The innermost message: the one that names the cause. */
  static String reason(Throwable ex) {
    Throwable cause = ex;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = PinPipeCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "pinpipe " + (version == null ? "(not run from pinpipe-local.jar: no version)" : version)
      };
    }
  }
}
