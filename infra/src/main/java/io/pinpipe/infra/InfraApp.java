package io.pinpipe.infra;

import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * Synthesises the PinPipe stack: {@code InfraApp SETTINGS OUT} writes the CloudFormation template
 * and its assets to OUT, for {@code cdk deploy --app OUT} or for CloudFormation itself. The
 * project's root (for the shipped files) is the system property {@code pinpipe.root}, else ".".
 */
public final class InfraApp {

  private InfraApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: InfraApp SETTINGS_FILE OUTPUT_DIRECTORY");
    }
    InfraSettings settings = InfraSettings.load(Path.of(args[0]));
    App app = new App(AppProps.builder().outdir(args[1]).build());
    build(app, settings, root());
    app.synth();
  }

  /** The stack of {@code settings} in {@code app}. */
  public static PinPipeStack build(App app, InfraSettings settings, Path root) {
    return new PinPipeStack(
        app,
        "PinPipe",
        StackProps.builder()
            .env(
                Environment.builder()
                    .account(settings.get("aws.account"))
                    .region(settings.get("aws.region"))
                    .build())
            .description(
                "PinPipe: S3, MSK (IAM auth), MSK Connect (RDS source, S3 sink), the Streams app and the REST Proxy on EC2,"
                    + " API Gateway")
            .build(),
        settings,
        root);
  }

  static Path root() {
    return Path.of(System.getProperty("pinpipe.root", ".")).toAbsolutePath().normalize();
  }
}
