package io.pinpipe.s3sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of Confluent's S3 sink that PinPipe's production config uses, with the same names and
 * meanings, so that msk-connect/config/s3-sink.properties runs locally with only connector.class
 * changed. Every other key of the real connector ({@link ConfluentS3SinkKeys}) is accepted, so a
 * config valid on MSK Connect starts here too, and logged once at INFO with what the real connector
 * would do with it. A key neither knows is rejected by name.
 */
public final class S3SinkConfig extends AbstractConfig {

  private static final Logger LOG = LoggerFactory.getLogger(S3SinkConfig.class);

  /** Unimplemented keys already logged: the connector, validate and every task build a config. */
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  public static final String S3_STORAGE = "io.confluent.connect.s3.storage.S3Storage";
  public static final String JSON_FORMAT = "io.confluent.connect.s3.format.json.JsonFormat";
  public static final String TIME_BASED =
      "io.confluent.connect.storage.partitioner.TimeBasedPartitioner";
  public static final String DEFAULT_PARTITIONER =
      "io.confluent.connect.storage.partitioner.DefaultPartitioner";

  /** Keys the Connect framework reads for every sink connector. */
  private static final Set<String> FRAMEWORK_KEYS =
      Set.of(
          "name",
          "connector.class",
          "tasks.max",
          "topics",
          "topics.regex",
          "key.converter",
          "value.converter",
          "header.converter",
          "config.action.reload",
          // Connect adds it to every task config it hands a task.
          "task.class");

  private static final List<String> FRAMEWORK_PREFIXES =
      List.of(
          "key.converter.",
          "value.converter.",
          "header.converter.",
          "errors.",
          "transforms",
          "predicates",
          "consumer.override.");

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              "s3.bucket.name",
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "Bucket to write to.")
          .define("s3.region", Type.STRING, "us-east-1", Importance.MEDIUM, "Region of the bucket.")
          .define(
              "store.url",
              Type.STRING,
              "",
              Importance.MEDIUM,
              "S3 endpoint URL (s3proxy locally); empty for AWS.")
          .define(
              "s3.path.style.access.enabled",
              Type.BOOLEAN,
              true,
              Importance.LOW,
              "Path-style bucket addressing.")
          .define(
              "aws.access.key.id",
              Type.STRING,
              "",
              Importance.MEDIUM,
              "Access key; empty uses the default credential chain.")
          .define(
              "aws.secret.access.key",
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              "Secret key, through a config provider.")
          .define(
              "topics.dir", Type.STRING, "topics", Importance.MEDIUM, "Top folder of the objects.")
          .define(
              "storage.class",
              Type.STRING,
              S3_STORAGE,
              ConfigDef.ValidString.in(S3_STORAGE),
              Importance.HIGH,
              "Only S3 storage.")
          .define(
              "format.class",
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              ConfigDef.ValidString.in(JSON_FORMAT),
              Importance.HIGH,
              "Only JSON Lines (JsonFormat).")
          .define(
              "s3.compression.type",
              Type.STRING,
              "none",
              ConfigDef.ValidString.in("none", "gzip"),
              Importance.MEDIUM,
              "none or gzip.")
          .define(
              "s3.part.size",
              Type.INT,
              26_214_400,
              ConfigDef.Range.between(5_242_880, Integer.MAX_VALUE),
              Importance.LOW,
              "Multipart part size (at least 5 MiB); objects here are written in one request.")
          .define(
              "partitioner.class",
              Type.STRING,
              DEFAULT_PARTITIONER,
              ConfigDef.ValidString.in(TIME_BASED, DEFAULT_PARTITIONER),
              Importance.HIGH,
              "TimeBasedPartitioner or DefaultPartitioner.")
          .define(
              "partition.duration.ms",
              Type.LONG,
              -1L,
              Importance.MEDIUM,
              "Duration of a time partition.")
          .define(
              "path.format",
              Type.STRING,
              "",
              Importance.MEDIUM,
              "Joda-style path pattern of a time partition.")
          .define("locale", Type.STRING, "", Importance.LOW, "Locale of the path pattern.")
          .define("timezone", Type.STRING, "", Importance.MEDIUM, "Time zone of the path pattern.")
          .define(
              "timestamp.extractor",
              Type.STRING,
              "Wallclock",
              ConfigDef.ValidString.in("Record", "Wallclock"),
              Importance.MEDIUM,
              "Record (the record's time; deterministic) or Wallclock.")
          .define(
              "flush.size",
              Type.INT,
              ConfigDef.NO_DEFAULT_VALUE,
              ConfigDef.Range.atLeast(1),
              Importance.HIGH,
              "Records per object.")
          .define(
              "rotate.interval.ms",
              Type.LONG,
              -1L,
              Importance.MEDIUM,
              "Rotate when records span this much record time.")
          .define(
              "rotate.schedule.interval.ms",
              Type.LONG,
              -1L,
              Importance.LOW,
              "Rotate after this much wall-clock time; object boundaries then depend on timing (not exactly-once).")
          .define(
              "behavior.on.null.values",
              Type.STRING,
              "fail",
              ConfigDef.ValidString.in("fail", "ignore"),
              Importance.MEDIUM,
              "Tombstones: fail or ignore.")
          .define(
              "report.null.values.to.dlq",
              Type.BOOLEAN,
              true,
              Importance.LOW,
              "With behavior.on.null.values=ignore, also send each skipped tombstone to the dead-letter topic, as Confluent's sink does"
                  + " since 10.6 (default true).")
          .define(
              "filename.offset.zero.pad.width",
              Type.INT,
              10,
              ConfigDef.Range.atLeast(0),
              Importance.LOW,
              "Digits of the start offset.");

  public S3SinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    List<String> unknown = unknownKeys(props);
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          unknown.get(0),
          props.get(unknown.get(0)),
          "not a key of Confluent's S3 sink 10.6 nor of the Connect framework; unknown keys: "
              + unknown);
    }
    for (String key : props.keySet()) {
      if (!isImplemented(key) && LOGGED.add(key)) {
        LOG.info(
            "{} is a key of Confluent's S3 sink that PinPipe's local sink does not implement; it is accepted and"
                + " has no effect here. The real connector {}.",
            key,
            ConfluentS3SinkKeys.reference().meaning(key).orElseThrow());
      }
    }
    if (TIME_BASED.equals(getString("partitioner.class"))) {
      if (getLong("partition.duration.ms") <= 0
          || getString("path.format").isBlank()
          || getString("timezone").isBlank()) {
        throw new ConfigException(
            "partitioner.class",
            TIME_BASED,
            "needs partition.duration.ms, path.format and timezone");
      }
    }
  }

  /** Keys that are neither the real connector's nor the framework's. */
  public static List<String> unknownKeys(Map<String, String> props) {
    List<String> unknown = new ArrayList<>();
    for (String key : props.keySet()) {
      if (!isImplemented(key) && ConfluentS3SinkKeys.reference().meaning(key).isEmpty()) {
        unknown.add(key);
      }
    }
    unknown.sort(null);
    return unknown;
  }

  /**
   * Whether this sink honours {@code key}: one of its own keys, or one the Connect framework reads.
   */
  static boolean isImplemented(String key) {
    return CONFIG_DEF.names().contains(key)
        || FRAMEWORK_KEYS.contains(key)
        || FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith);
  }

  public Password secretKey() {
    return getPassword("aws.secret.access.key");
  }
}
