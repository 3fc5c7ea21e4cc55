package io.pinpipe.local.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.deploy.BundleFiles;
import io.pinpipe.sourcedb.SourceDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local connector configs differ from the shipped ones only where the machine differs. */
class LocalConnectorConfigsTest {

  private static final Set<String> LOCAL_SINK_KEYS =
      Set.of(
          "connector.class",
          "store.url",
          "s3.path.style.access.enabled",
          "aws.access.key.id",
          "aws.secret.access.key",
          "errors.deadletterqueue.topic.replication.factor",
          "flush.size",
          "rotate.schedule.interval.ms",
          "s3.bucket.name",
          "s3.region",
          "topics.regex",
          "errors.deadletterqueue.topic.name");
  private static final Set<String> LOCAL_SOURCE_KEYS =
      Set.of(
          "connection.url",
          "connection.user",
          "connection.password",
          "aws.region",
          "iam.auth.enabled",
          "ssl.mode",
          "topic.creation.default.replication.factor",
          "gap.grace.period.ms",
          "topic.prefix");

  @Test
  void theSinkIsConfluentsWhenItsPluginIsThereAndTheLocalOneOtherwise(@TempDir Path s3) {
    assertThat(
            LocalConnectorConfigs.s3Sink(
                    "pinterest.", "http://127.0.0.1:9000", s3.resolve("c"), true)
                .get("connector.class"))
        .isEqualTo("io.confluent.connect.s3.S3SinkConnector")
        .isEqualTo(BundleFiles.properties(BundleFiles.S3_SINK).get("connector.class"));
    assertThat(
            LocalConnectorConfigs.s3Sink(
                    "pinterest.", "http://127.0.0.1:9000", s3.resolve("c"), false)
                .get("connector.class"))
        .isEqualTo("io.pinpipe.s3sink.LocalS3SinkConnector");
  }

  @Test
  void theSinkChangesOnlyAddressesCredentialsReplicasAndRotation(@TempDir Path s3) {
    Map<String, String> local =
        LocalConnectorConfigs.s3Sink(
            "pinterest.", "http://127.0.0.1:9000", s3.resolve("credentials"), false);
    assertThat(changedKeys(BundleFiles.properties(BundleFiles.S3_SINK), local))
        .isSubsetOf(LOCAL_SINK_KEYS);
    assertThat(local.get("aws.secret.access.key"))
        .as("a reference, never the secret")
        .isEqualTo(
            "${file:" + s3.resolve("credentials").toAbsolutePath() + ":aws.secret.access.key}");
    assertThat(local.get("consumer.override.isolation.level")).isEqualTo("read_committed");
  }

  @Test
  void theSourceKeepsAPasswordInAFileReadByTheConfigProvider(@TempDir Path connect)
      throws Exception {
    Path secrets = connect.resolve("secrets.properties");
    Map<String, String> local =
        LocalConnectorConfigs.source(
            "pinterest.",
            new SourceDatabase("jdbc:mariadb://db:3306/p", "app", "s3cr3t-pw"),
            "verify-full",
            secrets);
    assertThat(changedKeys(BundleFiles.properties(BundleFiles.SOURCE_CONNECTOR), local))
        .isSubsetOf(LOCAL_SOURCE_KEYS);
    assertThat(local.values()).noneMatch(value -> value.contains("s3cr3t-pw"));
    assertThat(local.get("ssl.mode")).isEqualTo("verify-full");
    assertThat(local.get("connection.password"))
        .isEqualTo("${file:" + secrets.toAbsolutePath() + ":connection.password}");
    assertThat(Files.readString(secrets)).contains("connection.password=s3cr3t-pw");
    // Readable and writable by the owner alone.
    assertThat(Files.getPosixFilePermissions(secrets))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  private static Set<String> changedKeys(Map<String, String> shipped, Map<String, String> local) {
    Map<String, String> all = new HashMap<>(shipped);
    local.forEach(all::putIfAbsent);
    return all.keySet().stream()
        .filter(key -> !java.util.Objects.equals(shipped.get(key), local.get(key)))
        .collect(java.util.stream.Collectors.toSet());
  }
}
