package io.pinpipe.reliability.cluster;

import io.pinpipe.local.connect.LocalConnect;
import io.pinpipe.local.connect.LocalConnectorConfigs;
import io.pinpipe.local.layout.Distribution;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.embedded.EmbeddedMariaDb;
import io.pinpipe.sourcedb.schema.SourceSchema;
import io.pinpipe.streams.app.TopicSetup;
import io.pinpipe.streams.topology.Topics;
import io.pinpipe.support.connect.ChildConnectWorker;
import io.pinpipe.support.connect.ConnectRest;
import io.pinpipe.support.process.ChildJvm;
import io.pinpipe.support.process.FreePorts;
import io.pinpipe.support.s3.S3ProxyServer;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The pipeline spread the way it grows in production, every part in a process or server of its own
 * so that each can be killed, stopped or restarted: a KRaft cluster of several nodes (replication
 * factor 3, two in sync, the app's internal topics too), MariaDB, s3proxy, Connect workers in one
 * group running the source connector and the local S3 sink from their zips, and Kafka Streams
 * instances of one application with a standby replica of each task. Configs are the shipped ones
 * with local addresses. The source connector logs in with a password, read through the file config
 * provider, so that a test can look for it in every log. (The embedded MariaDB runs without grant
 * tables, so it does not check the password: the point is where the password travels, not the
 * server's authentication.)
 *
 * <p>The reliability suite takes it through its faults; {@code ./pinpipe soak} runs it for an hour.
 */
public final class DistributedPipeline implements AutoCloseable {

  public static final String SOURCE_CONNECTOR = "pinpipe-mysql-source";
  public static final String S3_SINK = "pinpipe-s3-sink";
  public static final String APPLICATION_ID = "pinpipe-streams";

  /**
   * How the pipeline is spread.
   *
   * @param brokers KRaft nodes (3 for a replication factor of 3)
   * @param workers Connect workers in one group
   * @param streamsInstances Kafka Streams instances started at first
   * @param partitions partitions of every topic
   * @param sinkFlushSize records per S3 object
   */
  public record Shape(
      int brokers, int workers, int streamsInstances, int partitions, int sinkFlushSize) {

    /** Three brokers, two workers, two Streams instances, six partitions. */
    public static Shape spread(int sinkFlushSize) {
      return new Shape(3, 2, 2, 6, sinkFlushSize);
    }

    public short replicationFactor() {
      return (short) Math.min(3, brokers);
    }
  }

  /** Fills the source tables before the connector starts (the initial load). */
  @FunctionalInterface
  public interface InitialRows {
    void load(SourceDatabase database) throws Exception;
  }

  private final Path work;
  private final Shape shape;
  private final Topics topics = new Topics(Topics.DEFAULT_PREFIX);
  private final String databasePassword =
      "pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
  private final List<ChildConnectWorker> workers = new ArrayList<>();
  private final List<ConnectRest> rests = new ArrayList<>();
  private final Map<Integer, ChildJvm> streams = new LinkedHashMap<>();
  private KafkaCluster kafka;
  private Admin admin;
  private EmbeddedMariaDb mariaDb;
  private SourceDatabase root;
  private S3ProxyServer s3;
  private int streamsStarts;

  private DistributedPipeline(Path work, Shape shape) {
    this.work = work;
    this.shape = shape;
  }

  /** Starts every part, loads {@code initialRows}, then creates the connectors. */
  public static DistributedPipeline start(Path work, Shape shape, InitialRows initialRows)
      throws Exception {
    DistributedPipeline pipeline = new DistributedPipeline(work, shape);
    try {
      pipeline.startAll(initialRows);
    } catch (Exception | Error failed) {
      pipeline.close();
      throw failed;
    }
    return pipeline;
  }

  private void startAll(InitialRows initialRows) throws Exception {
    kafka = KafkaCluster.start(work.resolve("kafka"), shape.brokers(), "384m");
    admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    mariaDb =
        EmbeddedMariaDb.start(
            new EmbeddedMariaDb.Settings(
                work.resolve("db"), FreePorts.next(), "pinterest", List.of()));
    root = mariaDb.database();
    try (Connection connection = root.open()) {
      SourceSchema.apply(connection);
    }
    initialRows.load(root);

    s3 =
        S3ProxyServer.start(
            work.resolve("s3"), Distribution.locate().s3proxyJar(), FreePorts.next());
    Files.createDirectories(s3.dataDirectory().resolve(LocalConnectorConfigs.BUCKET));

    short replicas = shape.replicationFactor();
    admin
        .createTopics(
            topics.rawNames().stream()
                .map(name -> new NewTopic(name, shape.partitions(), replicas))
                .toList())
        .all()
        .get();
    new TopicSetup(admin, topics).createOutputTopics(shape.partitions(), replicas);

    List<Path> zips;
    try (Stream<Path> files = Files.list(Distribution.locate().plugins())) {
      zips = files.filter(file -> file.toString().endsWith(".zip")).sorted().toList();
    }
    Path plugins = LocalConnect.unpackPlugins(work.resolve("plugins"), zips);
    for (int i = 1; i <= shape.workers(); i++) {
      Map<String, String> config =
          LocalConnect.workerConfig(
              kafka.bootstrapServers(), FreePorts.next(), plugins, work.resolve("user-plugins"));
      for (String store : List.of("offset", "config", "status")) {
        config.put(store + ".storage.replication.factor", Short.toString(replicas));
      }
      // A killed member leaves its groups after 6 s instead of 45.
      config.put("session.timeout.ms", "6000");
      config.put("heartbeat.interval.ms", "1000");
      config.put("consumer.session.timeout.ms", "6000");
      config.put("consumer.heartbeat.interval.ms", "1000");
      ChildConnectWorker worker =
          new ChildConnectWorker(
              work.resolve("worker-" + i), config, Distribution.locate().launch("512m"));
      workers.add(worker);
      rests.add(worker.start());
    }
    Map<String, String> sink =
        LocalConnectorConfigs.s3Sink(Topics.DEFAULT_PREFIX, s3.url(), s3.credentialsFile(), false);
    sink.put("flush.size", Integer.toString(shape.sinkFlushSize()));
    sink.put("errors.deadletterqueue.topic.replication.factor", Short.toString(replicas));
    // The production rotation (record time) only: object names then depend on offsets alone,
    // which is what makes the sink exactly-once across crashes.
    sink.remove("rotate.schedule.interval.ms");
    ConnectRest connect = connect();
    connect.putConnector(S3_SINK, sink);
    Map<String, String> source =
        LocalConnectorConfigs.source(
            Topics.DEFAULT_PREFIX,
            new SourceDatabase(root.jdbcUrl(), "pinpipe", databasePassword),
            "disable",
            work.resolve("connect/secrets.properties"));
    source.put("topic.creation.default.replication.factor", Short.toString(replicas));
    connect.putConnector(SOURCE_CONNECTOR, source);
    connect.awaitRunning(SOURCE_CONNECTOR, Duration.ofSeconds(90));
    connect.awaitRunning(S3_SINK, Duration.ofSeconds(90));
    for (int i = 0; i < shape.streamsInstances(); i++) {
      startStreams();
    }
  }

  // ---- Kafka ----

  public KafkaCluster kafka() {
    return kafka;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public Admin admin() {
    return admin;
  }

  public Topics topics() {
    return topics;
  }

  // ---- the database and S3 ----

  /** The source database, as its administrator. */
  public SourceDatabase database() {
    return root;
  }

  public EmbeddedMariaDb mariaDb() {
    return mariaDb;
  }

  public String databasePassword() {
    return databasePassword;
  }

  public S3ProxyServer s3() {
    return s3;
  }

  // ---- Connect ----

  /** The REST API of a running worker: any of them answers for the group. */
  public ConnectRest connect() {
    for (int i = 0; i < workers.size(); i++) {
      if (rests.get(i) != null) {
        return rests.get(i);
      }
    }
    throw new IllegalStateException("no Connect worker is running");
  }

  /** The worker's id as Connect's status API names it ({@code 127.0.0.1:port}). */
  public String workerId(int worker) {
    return workers.get(worker - 1).restUrl().replaceFirst("^https?://", "");
  }

  /** SIGKILL of worker {@code worker} (1-based): no offsets committed, no tasks stopped. */
  public void killWorker(int worker) throws InterruptedException {
    workers.get(worker - 1).kill();
    rests.set(worker - 1, null);
  }

  /** Starts worker {@code worker} again with its config; returns once its REST API answers. */
  public void startWorker(int worker) throws IOException, InterruptedException {
    rests.set(worker - 1, workers.get(worker - 1).start());
  }

  // ---- Kafka Streams ----

  /**
   * Starts one more Streams instance of the application, with a state directory of its own; returns
   * its number (1, 2, ...).
   */
  public int startStreams() throws IOException {
    int instance = ++streamsStarts;
    Path directory = work.resolve("streams-" + instance);
    Path config = directory.resolve("streams.properties");
    Files.createDirectories(directory);
    String replicas = Short.toString(shape.replicationFactor());
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", kafka.bootstrapServers());
    properties.setProperty("application.id", APPLICATION_ID);
    properties.setProperty("topic.prefix", Topics.DEFAULT_PREFIX);
    properties.setProperty("topic.replication.factor", replicas);
    properties.setProperty("replication.factor", replicas);
    properties.setProperty("processing.guarantee", "exactly_once_v2");
    properties.setProperty("state.dir", directory.resolve("state").toString());
    properties.setProperty("health.port", "-1");
    // A killed instance's tasks move to its standby after 6 s rather than 45.
    properties.setProperty("consumer.session.timeout.ms", "6000");
    properties.setProperty("consumer.heartbeat.interval.ms", "1000");
    properties.setProperty("num.standby.replicas", shape.streamsInstances() > 1 ? "1" : "0");
    // A joining instance warms up its tasks' state, then takes them at the next probing
    // rebalance: every minute (the least Kafka allows) rather than every ten.
    properties.setProperty("probing.rebalance.interval.ms", "60000");
    try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      properties.store(writer, null);
    }
    streams.put(
        instance,
        ChildJvm.start(
            directory.resolve("streams.log"),
            Distribution.locate().launch("512m"),
            "io.pinpipe.streams.app.StreamsMain",
            "run",
            "--config",
            config.toString()));
    return instance;
  }

  /**
   * SIGKILL of Streams instance {@code instance}; it stays down (a later {@link #startStreams()} is
   * a new instance with an empty state directory).
   */
  public void killStreams(int instance) throws InterruptedException {
    streams.remove(instance).kill();
  }

  /** The instances started and not killed, by number. */
  public List<Integer> streamsInstances() {
    return List.copyOf(streams.keySet());
  }

  public boolean streamsAlive(int instance) {
    ChildJvm jvm = streams.get(instance);
    return jvm != null && jvm.isAlive();
  }

  // ---- observation ----

  /** Every process of the pipeline by name, for its resident memory. */
  public Map<String, ProcessHandle> processes() {
    Map<String, ProcessHandle> processes = new LinkedHashMap<>();
    for (int id : kafka.ids()) {
      processes.put("kafka-" + id, kafka.handle(id));
    }
    for (int i = 0; i < workers.size(); i++) {
      if (rests.get(i) != null) {
        processes.put("connect-" + (i + 1), workers.get(i).handle());
      }
    }
    streams.forEach((instance, jvm) -> processes.put("streams-" + instance, jvm.handle()));
    // MariaDB and s3proxy are started by their own launchers: found by their command lines.
    try (Stream<ProcessHandle> children = ProcessHandle.current().descendants()) {
      children.forEach(
          child -> {
            String command = child.info().commandLine().orElse("");
            if (command.contains("mariadbd")) {
              processes.put("mariadb", child);
            } else if (command.contains("s3proxy")) {
              processes.put("s3proxy", child);
            }
          });
    }
    return processes;
  }

  /** Every log file the pipeline's processes wrote. */
  public List<Path> logs() throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".log")).toList();
    }
  }

  @Override
  public void close() throws Exception {
    for (ChildJvm jvm : streams.values()) {
      jvm.close();
    }
    for (ChildConnectWorker worker : workers) {
      worker.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (mariaDb != null) {
      mariaDb.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }
}
