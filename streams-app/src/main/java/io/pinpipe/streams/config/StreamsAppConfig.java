package io.pinpipe.streams.config;

import io.pinpipe.streams.topology.Topics;
import io.pinpipe.streams.topology.TopologySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Materialized;

/**
 * The app's configuration: its own keys (declared in {@link #DEFINITION}) plus every Kafka Streams
 * and client key, from a properties file or a built-in profile, with environment overrides ({@code
 * PINPIPE_STREAMS_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}) and {@code ${VAR}}
 * placeholders resolved from the environment. The app's own keys are removed before the rest goes
 * to Kafka Streams, which would otherwise pass {@code topic.*} keys on to internal topics.
 */
public final class StreamsAppConfig {

  public static final String ENV_PREFIX = "PINPIPE_STREAMS_";

  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
  public static final String TOPICS_CREATE = "topics.create";
  public static final String HEALTH_PORT = "health.port";
  public static final String STATE_STORE_TYPE = "state.store.type";

  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              TOPIC_PREFIX,
              Type.STRING,
              Topics.DEFAULT_PREFIX,
              Importance.HIGH,
              "Prefix of every topic the app reads and writes (the bootcamp convention is '<UserID>.').")
          .define(
              TOPIC_REPLICATION_FACTOR,
              Type.SHORT,
              (short) -1,
              ConfigDef.Range.between(-1, 32),
              Importance.MEDIUM,
              "Replicas of the output topics the app creates; -1 takes the broker's default.")
          .define(
              TOPICS_CREATE,
              Type.BOOLEAN,
              true,
              Importance.MEDIUM,
              "Create missing output topics at start (stats.* compacted, partitions as the raw topics). "
                  + "When false, the app checks that they exist.")
          .define(
              HEALTH_PORT,
              Type.INT,
              8080,
              ConfigDef.Range.between(-1, 65_535),
              Importance.LOW,
              "Port of the HTTP health endpoint (/health, /ready); 0 picks a free port, -1 turns it off.")
          .define(
              STATE_STORE_TYPE,
              Type.STRING,
              "rocksdb",
              ConfigDef.ValidString.in("rocksdb", "in_memory"),
              Importance.LOW,
              "State stores: rocksdb (production) or in_memory (tests, small demos).");

  /**
   * Kafka 4.3 warns at every start unless this is set; turning it on now is what 5.0 will do by
   * default, and the app has no global tables for it to change.
   */
  public static final String GLOBAL_PROCESSING_EXCEPTION_HANDLER =
      "processing.exception.handler.global.enabled";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final Properties streams;
  private final TopologySettings topology;
  private final short replicationFactor;
  private final boolean createTopics;
  private final int healthPort;

  private StreamsAppConfig(Properties all) {
    Properties own = new Properties();
    Properties rest = new Properties();
    for (String key : all.stringPropertyNames()) {
      (DEFINITION.names().contains(key) ? own : rest).setProperty(key, all.getProperty(key));
    }
    Map<String, Object> values = DEFINITION.parse(own);
    topology =
        new TopologySettings(
            (String) values.get(TOPIC_PREFIX),
            "in_memory".equals(values.get(STATE_STORE_TYPE))
                ? Materialized.StoreType.IN_MEMORY
                : Materialized.StoreType.ROCKS_DB);
    replicationFactor = (Short) values.get(TOPIC_REPLICATION_FACTOR);
    createTopics = (Boolean) values.get(TOPICS_CREATE);
    healthPort = (Integer) values.get(HEALTH_PORT);
    rest.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "pinpipe-streams");
    rest.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    rest.putIfAbsent(GLOBAL_PROCESSING_EXCEPTION_HANDLER, "true");
    // The joins and aggregations are of tables: their answers do not depend on the order in
    // which the co-partitioned clean topics are read, so a task need not wait for its emptiest
    // input. Waiting (the default, 0) also cost a tenth of the processing time in Kafka's own
    // bookkeeping of why a task was not ready (topology benchmark, BENCHMARKS.md).
    // One stream thread per core rather than Kafka's one in all: a thread spends part of each
    // exactly-once commit waiting on the broker, and the topology has tasks enough (partitions
    // times sub-topologies) for every thread (benchmarks/README.md has the figures). RocksDB's
    // memory stays bounded: its cache is shared by all threads.
    rest.putIfAbsent(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG,
        Integer.toString(Runtime.getRuntime().availableProcessors()));
    rest.putIfAbsent(
        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
        Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
    rest.putIfAbsent(
        StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
    if (!rest.containsKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new ConfigException(
          StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
          null,
          "is required (or set " + ENV_PREFIX + "BOOTSTRAP_SERVERS)");
    }
    // Fails here, with the key and reason, rather than when the app starts.
    new StreamsConfig(rest);
    streams = rest;
  }

  /** Reads a properties file, applying environment overrides. */
  public static StreamsAppConfig load(Path file, Map<String, String> environment)
      throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties properties = new Properties();
      properties.load(reader);
      return of(properties, environment);
    }
  }

  /** A built-in profile ({@code local} or {@code msk-iam}), applying environment overrides. */
  public static StreamsAppConfig profile(String name, Map<String, String> environment)
      throws IOException {
    try (InputStream in =
        StreamsAppConfig.class.getResourceAsStream("/config/" + name + ".properties")) {
      if (in == null) {
        throw new ConfigException("profile", name, "no such profile (choose local or msk-iam)");
      }
      Properties properties = new Properties();
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return of(properties, environment);
    }
  }

  public static StreamsAppConfig of(Properties properties, Map<String, String> environment) {
    Properties all = new Properties();
    all.putAll(properties);
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            all.setProperty(
                name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                value);
          }
        });
    for (String key : all.stringPropertyNames()) {
      all.setProperty(key, resolve(key, all.getProperty(key), environment));
    }
    return new StreamsAppConfig(all);
  }

  private static String resolve(String key, String value, Map<String, String> environment) {
    Matcher matcher = PLACEHOLDER.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      String replacement = environment.get(matcher.group(1));
      if (replacement == null) {
        throw new ConfigException(
            key, value, "environment variable " + matcher.group(1) + " is not set");
      }
      matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
    }
    return matcher.appendTail(resolved).toString();
  }

  /** The properties for Kafka Streams and its clients, without the app's own keys. */
  public Properties streamsProperties() {
    Properties copy = new Properties();
    copy.putAll(streams);
    return copy;
  }

  public TopologySettings topology() {
    return topology;
  }

  public Topics topics() {
    return new Topics(topology.topicPrefix());
  }

  public short replicationFactor() {
    return replicationFactor;
  }

  public boolean createTopics() {
    return createTopics;
  }

  public int healthPort() {
    return healthPort;
  }
}
