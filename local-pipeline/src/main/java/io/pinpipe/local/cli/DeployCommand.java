package io.pinpipe.local.cli;

import io.pinpipe.deploy.DeployPlan;
import io.pinpipe.deploy.DeployRunner;
import io.pinpipe.deploy.DeploySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pinpipe deploy}: the connectors to MSK Connect, with the AWS CLI. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description =
        "Deploys the source connector and the Confluent S3 sink to MSK Connect: uploads the plugin zips, creates the"
            + " execution role and policy, the custom plugins, the worker configuration and both connectors, with"
            + " requests generated from msk-connect/. --dry-run prints every AWS call and writes the request files.")
final class DeployCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--settings",
      paramLabel = "FILE",
      defaultValue = "msk-connect/deploy.properties",
      description = "Deployment settings (default: ${DEFAULT-VALUE}).")
  Path settings;

  @Option(
      names = "--plugin-zip",
      paramLabel = "ZIP",
      description = "The source connector zip (default: the one connect-plugin built).")
  Path pluginZip;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/deploy",
      description = "Where the request files go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--dry-run",
      description = "Print the AWS calls and write the requests; call nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(settings)) {
      throw new ParameterException(
          spec.commandLine(),
          "--settings: no file "
              + settings
              + " (copy msk-connect/deploy.properties and fill it in)");
    }
    DeploySettings deploy;
    try {
      deploy = DeploySettings.load(settings);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), settings + ": " + e.getMessage());
    }
    // Absolute paths: the AWS CLI runs in the output directory, where the request files are.
    Path zip =
        (pluginZip != null
                ? pluginZip
                : Path.of(
                    "connect-plugin",
                    "target",
                    "components",
                    "packages",
                    "pinpipe-mysql-source-" + io.pinpipe.deploy.BundleFiles.version() + ".zip"))
            .toAbsolutePath();
    Path sinkZip =
        settings
            .toAbsolutePath()
            .getParent()
            .resolve(deploy.get("confluent.s3.sink.zip"))
            .normalize();
    java.util.Map<String, String> values = new java.util.LinkedHashMap<>(deploy.values());
    values.put("confluent.s3.sink.zip", sinkZip.toString());
    deploy = new DeploySettings(values);
    new DeployRunner(spec.commandLine().getOut())
        .run(DeployPlan.of(deploy, zip.toString()), deploy, out.toAbsolutePath(), dryRun);
    return 0;
  }
}
