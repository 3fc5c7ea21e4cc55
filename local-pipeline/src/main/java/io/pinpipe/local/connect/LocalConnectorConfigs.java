package io.pinpipe.local.connect;

import io.pinpipe.deploy.BundleFiles;
import io.pinpipe.sourcedb.SourceDatabase;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The connector configs that go to MSK Connect ({@code msk-connect/config/}), with local values
 * only where the local machine differs: addresses, credentials, one replica, the source's gap grace
 * period and the S3 sink's rotation (both demo-sized, explained where they are set). Secrets are
 * never in a config: they stay in files that Kafka's FileConfigProvider reads.
 */
public final class LocalConnectorConfigs {

  /** The production sink class; used when the user put Confluent's plugin on the plugin path. */
  public static final String CONFLUENT_S3_SINK = "io.confluent.connect.s3.S3SinkConnector";

  public static final String LOCAL_S3_SINK = "io.pinpipe.s3sink.LocalS3SinkConnector";
  public static final String BUCKET = "pinpipe-local";

  /**
   * How often the local sink closes its open objects. Production rotates on record time only
   * (deterministic object names across crashes); on a laptop the emulator's trickle would then sit
   * in open objects for ten minutes, so locally objects are also closed every 5 s of wall clock.
   * The trade-off, as with Confluent's sink: after a crash between an upload and its offset commit,
   * a wall-clock rotation may cut an object at a different record, so S3 can hold a record twice
   * under two names (Kafka itself still holds it once).
   */
  static final String LOCAL_ROTATE_SCHEDULE_MS = "5000";

  static final String LOCAL_GAP_GRACE_MS = "5000";

  /** Small objects locally, so the first ones appear within seconds. */
  static final String LOCAL_FLUSH_SIZE = "1000";

  private LocalConnectorConfigs() {}

  private static Map<String, String> placeholders(String topicPrefix) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("topic.prefix", topicPrefix);
    values.put("topic.prefix.regex", topicPrefix.replace(".", "\\."));
    values.put("aws.region", "us-east-1");
    values.put("s3.bucket", BUCKET);
    values.put("rds.endpoint", "unused");
    values.put("rds.database", "unused");
    values.put("rds.user", "unused");
    return values;
  }

  /**
   * The source connector on {@code database} with TLS as {@code sslMode}; a password goes to a file
   * in {@code secrets}.
   */
  public static Map<String, String> source(
      String topicPrefix, SourceDatabase database, String sslMode, Path secrets)
      throws IOException {
    Map<String, String> config =
        BundleFiles.fill(
            BundleFiles.properties(BundleFiles.SOURCE_CONNECTOR), placeholders(topicPrefix));
    config.put("connection.url", database.jdbcUrl());
    config.put("connection.user", database.user());
    config.remove("aws.region");
    config.put("iam.auth.enabled", "false");
    config.put("ssl.mode", sslMode);
    if (database.password() != null && !database.password().isEmpty()) {
      writeSecret(secrets, "connection.password", database.password());
      config.put(
          "connection.password", "${file:" + secrets.toAbsolutePath() + ":connection.password}");
    }
    config.put("topic.creation.default.replication.factor", "1");
    // The keys of the sample's geo and user rows are sparse, and those tables are not
    // AUTO_INCREMENT, so each gap waits out the grace period: a minute in production, where other
    // writers may commit late. Locally the emulator is the only writer; 5 s shows rows promptly.
    config.put("gap.grace.period.ms", LOCAL_GAP_GRACE_MS);
    return config;
  }

  /**
   * The S3 sink on the local endpoint: Confluent's when {@code confluentAvailable}, else the local
   * sink, which reads the same keys.
   */
  public static Map<String, String> s3Sink(
      String topicPrefix, String endpoint, Path credentials, boolean confluentAvailable) {
    Map<String, String> config =
        BundleFiles.fill(BundleFiles.properties(BundleFiles.S3_SINK), placeholders(topicPrefix));
    config.put("connector.class", confluentAvailable ? CONFLUENT_S3_SINK : LOCAL_S3_SINK);
    config.put("store.url", endpoint);
    config.put("s3.path.style.access.enabled", "true");
    String file = "${file:" + credentials.toAbsolutePath() + ":";
    config.put("aws.access.key.id", file + "aws.access.key.id}");
    config.put("aws.secret.access.key", file + "aws.secret.access.key}");
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("flush.size", LOCAL_FLUSH_SIZE);
    config.put("rotate.schedule.interval.ms", LOCAL_ROTATE_SCHEDULE_MS);
    return config;
  }

  private static void writeSecret(Path file, String key, String value) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(file);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the data directory's own permissions apply.
    }
    Properties secret = new Properties();
    secret.setProperty(key, value);
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      secret.store(writer, null);
    }
  }
}
