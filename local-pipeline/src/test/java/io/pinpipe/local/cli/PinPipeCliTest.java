package io.pinpipe.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinPipeCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return PinPipeCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("run", "emulate", "dry-run", "Usage: pinpipe");
  }

  @Test
  void eachCommandHasHelp() {
    assertThat(run("emulate", "--help")).isZero();
    assertThat(out.toString())
        .contains("--jdbc-url", "--rate", "--posts", "--transaction-per", "--max-commit-delay-ms");
    assertThat(run("run", "--help")).isZero();
    assertThat(out.toString()).contains("--data-dir", "--clean", "--synthetic", "--exit");
  }

  @Test
  void emulateWithoutADatabaseSaysWhatIsMissing() {
    assertThat(run("emulate")).isEqualTo(2);
    assertThat(firstLine())
        .startsWith("pinpipe emulate: Error: Missing required argument(s): (--jdbc-url=URL");
    assertNoStackTrace();
  }

  @Test
  void emulateRejectsANonMysqlUrl() {
    assertThat(run("emulate", "--jdbc-url", "jdbc:postgresql://localhost/db")).isEqualTo(2);
    assertThat(firstLine())
        .startsWith("pinpipe emulate: --jdbc-url: not a MySQL or MariaDB JDBC URL");
    assertNoStackTrace();
  }

  @Test
  void emulateRejectsANegativeRate() {
    assertThat(run("emulate", "--jdbc-url", "jdbc:mysql://localhost/db", "--rate", "-3"))
        .isEqualTo(2);
    assertThat(firstLine())
        .isEqualTo("pinpipe emulate: rate must be a number >= 0 posts per second, got -3.0");
    assertNoStackTrace();
  }

  @Test
  void emulateRejectsAnUnknownTransactionUnitAndNonNumbers() {
    assertThat(run("emulate", "--jdbc-url", "jdbc:mysql://h/db", "--transaction-per", "table"))
        .isEqualTo(2);
    assertThat(firstLine()).contains("--transaction-per", "expected one of [post, row]", "'table'");
    assertThat(run("emulate", "--jdbc-url", "jdbc:mysql://h/db", "--posts", "many")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--posts'", "'many'");
    assertNoStackTrace();
  }

  @Test
  void runRejectsExitWithoutAPostCount() {
    assertThat(run("run", "--exit")).isEqualTo(2);
    assertThat(firstLine())
        .isEqualTo("pinpipe run: --exit needs --posts N: it stops once N posts are in S3");
    assertThat(err.toString()).contains("Usage: pinpipe run");
  }

  @Test
  void dryRunOnTheBundledSampleWritesEveryOutputFile(@TempDir Path output) throws Exception {
    assertThat(run("dry-run", "--output", output.toString())).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("posts.jsonl", "top_country_by_followers.jsonl", "dlq.jsonl");
    assertThat(Files.readAllLines(output.resolve("posts.jsonl"))).hasSize(600);
  }

  @Test
  void dryRunNamesAMissingInputFile(@TempDir Path input) {
    assertThat(
            run(
                "dry-run",
                "--input",
                input.toString(),
                "--output",
                input.resolve("out").toString()))
        .isEqualTo(1);
    assertThat(err.toString())
        .startsWith("pinpipe dry-run: error: missing input file")
        .contains("pin.jsonl");
  }

  @Test
  void deployDryRunPrintsEveryAwsCallAndWritesTheRequests(@TempDir Path requests) throws Exception {
    int exit =
        run(
            "deploy",
            "--dry-run",
            "--settings",
            "../msk-connect/deploy.properties",
            "--out",
            requests.toString(),
            "--plugin-zip",
            "/tmp/pinpipe-mysql-source.zip");

    assertThat(exit).as(err.toString()).isZero();
    // The request files the printed calls refer to, written where --out says.
    assertThat(requests.resolve("create-connector-source.json")).isNotEmptyFile();
    assertThat(requests.resolve("create-connector-s3-sink.json")).isNotEmptyFile();
    assertThat(requests.resolve("create-worker-configuration.json")).isNotEmptyFile();
    assertThat(requests.resolve("connector-execution-role-policy.json")).isNotEmptyFile();
    assertThat(this.out.toString())
        .contains(
            "aws s3 cp /tmp/pinpipe-mysql-source.zip s3://pinpipe-data-123456789012/plugins/pinpipe-mysql-source.zip")
        .contains("aws iam create-role --role-name pinpipe-msk-connect")
        .contains("aws iam put-role-policy --role-name pinpipe-msk-connect")
        .contains(
            "aws kafkaconnect create-custom-plugin --region eu-west-1 --cli-input-json file://create-custom-plugin-source.json")
        .contains("aws kafkaconnect create-worker-configuration")
        .contains(
            "aws kafkaconnect create-connector --region eu-west-1 --cli-input-json file://create-connector-source.json")
        .contains(
            "aws kafkaconnect create-connector --region eu-west-1 --cli-input-json file://create-connector-s3-sink.json")
        .contains("Dry run: nothing was called");
  }

  @Test
  void deployNamesAMissingSettingsFile() {
    assertThat(run("deploy", "--dry-run", "--settings", "nowhere.properties")).isEqualTo(2);
    assertThat(firstLine()).startsWith("pinpipe deploy: --settings: no file nowhere.properties");
  }

  @Test
  void unknownCommandsAndOptionsAreNamed() {
    assertThat(run("launch")).isEqualTo(2);
    assertThat(firstLine()).contains("Unmatched argument", "'launch'");
    assertThat(run("run", "--turbo")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--turbo'");
  }

  private String firstLine() {
    return err.toString().lines().findFirst().orElse("");
  }

  private void assertNoStackTrace() {
    assertThat(err.toString()).doesNotContain("\tat ", "Exception");
  }
}
