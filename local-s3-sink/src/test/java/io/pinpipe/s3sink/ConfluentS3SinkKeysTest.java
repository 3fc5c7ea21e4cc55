package io.pinpipe.s3sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The shipped S3 sink config and the local sink checked against the real connector's key list (the
 * 10.6 configuration reference kept in {@code confluent-s3-sink-10.6-keys.tsv}).
 */
class ConfluentS3SinkKeysTest {

  private static final ConfluentS3SinkKeys REFERENCE = ConfluentS3SinkKeys.reference();

  @Test
  void everyKeyTheLocalSinkImplementsIsAKeyOfTheRealConnectorUnderTheSameName() {
    assertThat(S3SinkConfig.CONFIG_DEF.names())
        .allSatisfy(key -> assertThat(REFERENCE.meaning(key)).as(key).isPresent());
  }

  @Test
  void everyKeyOfTheShippedConfigIsTheRealConnectorsOrTheFrameworks() throws IOException {
    Map<String, String> shipped = shippedConfig();
    assertThat(shipped.keySet())
        .allSatisfy(
            key ->
                assertThat(REFERENCE.meaning(key).isPresent() || S3SinkConfig.isImplemented(key))
                    .as(key)
                    .isTrue());
    // The Streams app writes a tombstone whenever an analytics group empties: not a dead letter.
    assertThat(shipped)
        .containsEntry("behavior.on.null.values", "ignore")
        .containsEntry("report.null.values.to.dlq", "false");
  }

  @Test
  void theLocalSinkAcceptsEveryKeyOfTheRealConnector() {
    Map<String, String> config =
        new HashMap<>(
            Map.of(
                "s3.bucket.name",
                "bucket",
                "format.class",
                S3SinkConfig.JSON_FORMAT,
                "flush.size",
                "1"));
    REFERENCE.keys().keySet().stream()
        .filter(key -> !S3SinkConfig.isImplemented(key))
        .forEach(key -> config.put(key, "x"));
    REFERENCE.prefixes().keySet().forEach(prefix -> config.put(prefix + "some.key", "x"));

    assertThat(S3SinkConfig.unknownKeys(config)).isEmpty();
    new S3SinkConfig(config);
  }

  @Test
  void theReferenceHoldsTheKeysTheRealConnectorIsKnownFor() {
    assertThat(REFERENCE.keys())
        .hasSizeGreaterThan(60)
        .containsKeys(
            "report.null.values.to.dlq",
            "s3.object.tagging",
            "store.kafka.keys",
            "schema.compatibility",
            "s3.sse.kms.key.id");
    assertThat(REFERENCE.meaning("s3.credentials.provider.sts.role.arn")).isPresent();
    assertThat(REFERENCE.meaning("s3.bukket.name")).isEmpty();
  }

  private static Map<String, String> shippedConfig() throws IOException {
    Properties file = new Properties();
    file.load(
        new StringReader(
            Files.readString(Path.of("..", "msk-connect", "config", "s3-sink.properties"))));
    Map<String, String> config = new HashMap<>();
    file.stringPropertyNames().forEach(key -> config.put(key, file.getProperty(key)));
    return config;
  }
}
