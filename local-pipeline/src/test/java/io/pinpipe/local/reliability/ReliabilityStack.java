package io.pinpipe.local.reliability;

import io.pinpipe.local.connect.ConnectRest;
import io.pinpipe.local.connect.LocalConnect;
import io.pinpipe.local.connect.LocalConnectorConfigs;
import io.pinpipe.local.kafka.LocalKafka;
import io.pinpipe.local.pipeline.Distribution;
import io.pinpipe.local.pipeline.LocalPipelineOptions.Ports;
import io.pinpipe.local.process.ChildConnectWorker;
import io.pinpipe.local.process.ChildJvm;
import io.pinpipe.local.s3.S3ProxyServer;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.embedded.EmbeddedMariaDb;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.schema.SourceSchema;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.streams.app.TopicSetup;
import io.pinpipe.streams.topology.Topics;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The pipeline with every part that can fail in a process or server of its own, so each can be
 * killed, stopped or restarted: a KRaft broker, MariaDB, s3proxy, a Connect worker JVM running the
 * source connector and the local S3 sink from their zips, and a Streams app JVM. Configs are the
 * shipped ones with local addresses. The source connector logs in with a password, read through the
 * file config provider, so the suite can look for it in every log. (The embedded MariaDB runs
 * without grant tables, so it does not check the password: the point here is where the password
 * travels, not the server's authentication.)
 */
final class ReliabilityStack implements AutoCloseable {

  static final String PREFIX = Topics.DEFAULT_PREFIX;
  static final int PARTITIONS = 6;

  /** Small objects, so most of what the sink has read is committed, and checkable, at any time. */
  static final int SINK_FLUSH_SIZE = 50;

  final Path work;
  final Topics topics = new Topics(PREFIX);
  final String databasePassword =
      "pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
  private final int kafkaPort;
  private final int controllerPort;
  LocalKafka kafka;
  Admin admin;
  EmbeddedMariaDb mariaDb;
  SourceDatabase root;
  S3ProxyServer s3;
  ChildConnectWorker worker;
  ConnectRest connect;
  private ChildJvm streams;
  private int streamsStarts;

  private ReliabilityStack(Path work) throws Exception {
    this.work = work;
    this.kafkaPort = Ports.freePort();
    this.controllerPort = Ports.freePort();
  }

  static ReliabilityStack start(Path work, int initialPosts) throws Exception {
    ReliabilityStack stack = new ReliabilityStack(work);
    stack.startAll(initialPosts);
    return stack;
  }

  private void startAll(int initialPosts) throws Exception {
    kafka = LocalKafka.start(work.resolve("kafka"), kafkaPort, controllerPort);
    admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    mariaDb =
        EmbeddedMariaDb.start(
            new EmbeddedMariaDb.Settings(
                work.resolve("db"), Ports.freePort(), "pinterest", List.of()));
    root = mariaDb.database();
    try (Connection connection = root.open()) {
      SourceSchema.apply(connection);
    }
    new PostLoader(root).load(SampleData.posts());
    new PostLoader(root).load(new PostGenerator(7).posts(20_000, initialPosts));

    s3 =
        S3ProxyServer.start(
            work.resolve("s3"), Distribution.locate().s3proxyJar(), Ports.freePort());
    Files.createDirectories(s3.dataDirectory().resolve(LocalConnectorConfigs.BUCKET));

    admin
        .createTopics(
            topics.rawNames().stream()
                .map(name -> new NewTopic(name, PARTITIONS, (short) 1))
                .toList())
        .all()
        .get();
    new TopicSetup(admin, topics).createOutputTopics(PARTITIONS, (short) 1);

    List<Path> zips;
    try (Stream<Path> files = Files.list(Distribution.locate().plugins())) {
      zips = files.filter(file -> file.toString().endsWith(".zip")).sorted().toList();
    }
    Map<String, String> workerConfig =
        LocalConnect.workerConfig(
            kafka.bootstrapServers(),
            Ports.freePort(),
            LocalConnect.unpackPlugins(work.resolve("plugins"), zips),
            work.resolve("user-plugins"));
    // A killed member leaves its groups after 6 s instead of 45.
    workerConfig.put("session.timeout.ms", "6000");
    workerConfig.put("heartbeat.interval.ms", "1000");
    workerConfig.put("consumer.session.timeout.ms", "6000");
    workerConfig.put("consumer.heartbeat.interval.ms", "1000");
    worker = new ChildConnectWorker(work.resolve("worker"), workerConfig);
    connect = worker.start();
    Map<String, String> sink =
        LocalConnectorConfigs.s3Sink(PREFIX, s3.url(), s3.credentialsFile(), false);
    sink.put("flush.size", Integer.toString(SINK_FLUSH_SIZE));
    // The production rotation (record time) only: object names then depend on offsets alone,
    // which is what makes the sink exactly-once across crashes.
    sink.remove("rotate.schedule.interval.ms");
    connect.putConnector("pinpipe-s3-sink", sink);
    connect.putConnector(
        "pinpipe-mysql-source",
        LocalConnectorConfigs.source(
            PREFIX,
            new SourceDatabase(root.jdbcUrl(), "pinpipe", databasePassword),
            "disable",
            work.resolve("connect/secrets.properties")));
    connect.awaitRunning("pinpipe-mysql-source", Duration.ofSeconds(60));
    connect.awaitRunning("pinpipe-s3-sink", Duration.ofSeconds(60));
    startStreams();
  }

  void startStreams() throws Exception {
    Path config = work.resolve("streams/streams.properties");
    Files.createDirectories(config.getParent());
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", kafka.bootstrapServers());
    properties.setProperty("application.id", "pinpipe-streams");
    properties.setProperty("topic.prefix", PREFIX);
    properties.setProperty("topic.replication.factor", "1");
    properties.setProperty("replication.factor", "1");
    properties.setProperty("processing.guarantee", "exactly_once_v2");
    properties.setProperty("state.dir", work.resolve("streams/state").toString());
    properties.setProperty("health.port", "-1");
    // A killed instance's partitions come back after 6 s rather than 45.
    properties.setProperty("consumer.session.timeout.ms", "6000");
    properties.setProperty("consumer.heartbeat.interval.ms", "1000");
    try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      properties.store(writer, null);
    }
    streamsStarts++;
    streams =
        ChildJvm.start(
            work.resolve("streams/streams-" + streamsStarts + ".log"),
            "512m",
            "io.pinpipe.streams.app.StreamsMain",
            "run",
            "--config",
            config.toString());
  }

  void killStreams() throws InterruptedException {
    streams.kill();
  }

  boolean streamsAlive() {
    return streams.isAlive();
  }

  void restartKafka() throws Exception {
    kafka.close();
    kafka = LocalKafka.start(work.resolve("kafka"), kafkaPort, controllerPort);
  }

  /** Every log file the suite's processes wrote. */
  List<Path> logs() throws Exception {
    try (Stream<Path> files = Files.walk(work)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".log")).toList();
    }
  }

  @Override
  public void close() throws Exception {
    if (streams != null) {
      streams.close();
    }
    if (worker != null) {
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
