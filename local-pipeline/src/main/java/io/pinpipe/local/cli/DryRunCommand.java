package io.pinpipe.local.cli;

import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.streams.dryrun.DryRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe dry-run}: the Streams app's production topology over files, no broker. */
@Command(
    name = "dry-run",
    mixinStandardHelpOptions = true,
    description =
        "Runs the Streams app's production topology without a broker: reads pin.jsonl, geo.jsonl and"
            + " user.jsonl from --input (the bundled real sample if omitted) and writes the cleaned"
            + " records, posts, analytics tables and rejected records as JSON Lines to --output.")
final class DryRunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description =
          "Directory with pin.jsonl, geo.jsonl and user.jsonl (default: the bundled sample).")
  Path input;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "dry-run-output",
      description = "Where to write the output files (default: ${DEFAULT-VALUE}).")
  Path output;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path source = input;
    if (source == null) {
      source = output.resolve("input");
      SampleData.copyTo(source);
      out.printf("No --input: using the bundled real sample (600 posts), copied to %s%n", source);
    }
    DryRun.Summary summary = DryRun.run(source, output);
    summary
        .linesPerFile()
        .forEach((file, lines) -> out.printf("  %-50s %,7d lines%n", output.resolve(file), lines));
    return 0;
  }
}
