package io.pinpipe.local.pipeline;

import io.pinpipe.deploy.BundleFiles;
import io.pinpipe.local.batch.BatchCheck;
import io.pinpipe.local.connect.LocalConnect;
import io.pinpipe.local.connect.LocalConnectorConfigs;
import io.pinpipe.local.kafka.LocalKafka;
import io.pinpipe.local.layout.Directories;
import io.pinpipe.local.layout.Distribution;
import io.pinpipe.local.progress.ProgressBlock;
import io.pinpipe.local.progress.ResidentMemory;
import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.local.tally.TopicTally;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.emulator.EmulatorSettings;
import io.pinpipe.sourcedb.emulator.PostSource;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.streams.app.StreamsApp;
import io.pinpipe.streams.app.TopicSetup;
import io.pinpipe.streams.config.StreamsAppConfig;
import io.pinpipe.streams.stats.AnalyticsTable;
import io.pinpipe.streams.topology.Topics;
import io.pinpipe.support.process.FreePorts;
import io.pinpipe.support.s3.S3ProxyServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The whole pipeline on one machine, in one process tree: a KRaft broker, a Connect worker with the
 * plugin zips on its plugin path running the source connector and the S3 sink from the MSK Connect
 * configs, MariaDB (or an external database), s3proxy, the Streams app and the emulator.
 * Independent parts start side by side, so records reach S3 within seconds.
 */
public final class LocalPipeline implements AutoCloseable {

  static final String SOURCE_CONNECTOR = "pinpipe-mysql-source";
  static final String S3_SINK = "pinpipe-s3-sink";
  static final String STREAMS_APPLICATION_ID = "pinpipe-streams";

  /** How long to wait for a clean stop after Ctrl-C. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

  private final LocalPipelineOptions options;
  private final PrintWriter out;
  private final Path dataDirectory;
  private final SourceData sourceData;
  private final Topics topics = new Topics(Topics.DEFAULT_PREFIX);
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final ResidentMemory memory = new ResidentMemory();
  private final long startedAt = System.nanoTime();
  private final Pattern sinkTopics;
  private final String sinkDeadLetterTopic;

  private volatile SourceDatabase database;
  private volatile CompletableFuture<Void> dataLoaded;
  private volatile boolean kafkaHadData;
  private volatile LocalKafka kafka;
  private volatile S3ProxyServer s3;
  private volatile LocalConnect connect;
  private volatile StreamsApp streams;
  private volatile TopicTally tally;
  private volatile S3Objects objects;
  private volatile Admin admin;
  private volatile PostingEmulator emulator;
  private volatile double secondsToFirstObject = -1;
  private volatile String sinkClass;
  private volatile String stage = "starting";

  public LocalPipeline(LocalPipelineOptions options, PrintWriter out) {
    this.options = options;
    this.out = out;
    this.dataDirectory = options.dataDirectory().toAbsolutePath();
    this.sourceData = new SourceData(options, dataDirectory, this::step);
    Map<String, String> sink =
        LocalConnectorConfigs.s3Sink(topics.prefix(), "", Path.of(""), false);
    this.sinkTopics = Pattern.compile(sink.get("topics.regex"));
    this.sinkDeadLetterTopic = sink.get("errors.deadletterqueue.topic.name");
  }

  /** Starts every component, loads the data and registers the connectors. */
  public void start() throws Exception {
    if (options.clean()) {
      Directories.deleteRecursively(dataDirectory);
    }
    Files.createDirectories(dataDirectory);
    kafkaHadData = Files.exists(dataDirectory.resolve("kafka/log/meta.properties"));
    watchFirstObject();
    LocalPipelineOptions.Ports ports = options.ports();
    Distribution distribution = Distribution.locate();
    // The database (with its data load), the broker and the S3 endpoint need nothing from each
    // other.
    CompletableFuture<SourceDatabase> databaseReady =
        CompletableFuture.supplyAsync(sourceData::start);
    // The connector reads while the data loads: no need to wait for the last row.
    dataLoaded = databaseReady.thenAcceptAsync(db -> sourceData.load(db, kafkaHadData));
    CompletableFuture<S3ProxyServer> s3Ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return S3ProxyServer.start(
                    dataDirectory.resolve("s3"), distribution.s3proxyJar(), portOrFree(ports.s3()));
              } catch (IOException e) {
                throw new IllegalStateException("s3proxy: " + e.getMessage(), e);
              }
            });
    step("Starting Kafka (KRaft) on 127.0.0.1:%d", ports.kafka());
    kafka =
        LocalKafka.start(
            dataDirectory.resolve("kafka"), portOrFree(ports.kafka()), FreePorts.next());
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    // Every topic exists before any client starts: the raw ones with the connector's own
    // partition count (the Streams app checks they agree), the app's outputs as the app makes
    // them, so the sink's topics.regex finds them all on its first metadata fetch rather than
    // after the consumer's five-minute refresh.
    StreamsAppConfig streamsConfig = streamsConfig();
    createTopics(
        Integer.parseInt(
            BundleFiles.properties(BundleFiles.SOURCE_CONNECTOR)
                .get("topic.creation.default.partitions")),
        streamsConfig.replicationFactor());
    tally =
        new TopicTally(
                kafka.bootstrapServers(),
                this::isPipelineTopic,
                topic -> topic.startsWith(topics.prefix() + "stats."))
            .start();

    step("Starting Kafka Connect with the plugin zips on its plugin path");
    Path plugins = distribution.plugins();
    List<Path> zips;
    try (Stream<Path> files = Files.list(plugins)) {
      zips = files.filter(file -> file.toString().endsWith(".zip")).sorted().toList();
    }
    connect =
        LocalConnect.start(
            dataDirectory.resolve("connect"),
            kafka.bootstrapServers(),
            portOrFree(ports.connect()),
            zips,
            dataDirectory.resolve("plugins"));

    s3 = join(s3Ready);
    objects = new S3Objects(s3.dataDirectory().resolve(LocalConnectorConfigs.BUCKET));
    Files.createDirectories(s3.dataDirectory().resolve(LocalConnectorConfigs.BUCKET));
    boolean confluent =
        connect.rest().connectorClasses().contains(LocalConnectorConfigs.CONFLUENT_S3_SINK);
    Map<String, String> sink =
        LocalConnectorConfigs.s3Sink(topics.prefix(), s3.url(), s3.credentialsFile(), confluent);
    sinkClass = sink.get("connector.class");
    step(
        "Registering the S3 sink (%s)",
        confluent
            ? "Confluent's, found on the plugin path"
            : "the local sink; Confluent's is not on the plugin path");
    connect.rest().putConnector(S3_SINK, sink);

    database = join(databaseReady);
    step("Registering the source connector on %s", database.jdbcUrl());
    connect
        .rest()
        .putConnector(
            SOURCE_CONNECTOR,
            LocalConnectorConfigs.source(
                topics.prefix(),
                database,
                // The embedded MariaDB has no certificate.
                options.externalDatabase().isPresent() ? options.externalSslMode() : "disable",
                dataDirectory.resolve("connect/secrets.properties")));

    // Last: raw records reach S3 without it, and its start (a RocksDB store per task) is the
    // heaviest, so it waits until the database has had the machine's cores.
    step("Starting the Streams app");
    streams = StreamsApp.start(streamsConfig);
    connect.rest().awaitRunning(SOURCE_CONNECTOR, Duration.ofSeconds(60));
    connect.rest().awaitRunning(S3_SINK, Duration.ofSeconds(60));
    stage = "running";
  }

  private StreamsAppConfig streamsConfig() throws IOException {
    // The app's own local profile, with this run's addresses through its environment overrides.
    Map<String, String> environment = new HashMap<>();
    environment.put(StreamsAppConfig.ENV_PREFIX + "BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    environment.put(
        StreamsAppConfig.ENV_PREFIX + "STATE_DIR",
        dataDirectory.resolve("streams-state").toString());
    environment.put(StreamsAppConfig.ENV_PREFIX + "HEALTH_PORT", "0");
    environment.put(StreamsAppConfig.ENV_PREFIX + "APPLICATION_ID", STREAMS_APPLICATION_ID);
    return StreamsAppConfig.profile("local", environment);
  }

  private void createTopics(int partitions, short replicationFactor)
      throws InterruptedException, ExecutionException {
    List<NewTopic> raw =
        topics.rawNames().stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList();
    try {
      admin.createTopics(raw).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    new TopicSetup(admin, topics).createOutputTopics(partitions, replicationFactor);
  }

  /**
   * Posts until the requested number is in or {@link #requestStop()} is called. Without {@code
   * --exit} everything then stays up until {@link #requestStop()}; with it, this returns once every
   * post has gone through and reached S3.
   */
  public PostingEmulator.Result runEmulator() throws Exception {
    join(dataLoaded);
    EmulatorSettings settings =
        EmulatorSettings.defaults().withRate(options.postsPerSecond()).withPosts(options.posts());
    PostSource content =
        options.syntheticPosts() > 0
            ? PostSource.synthetic(new PostGenerator(SourceData.SYNTHETIC_SEED + 1))
            : PostSource.cycling(SampleData.posts());
    emulator = new PostingEmulator(database, content, settings);
    step(
        "Emulator posting at %s",
        options.postsPerSecond() == 0 ? "full speed" : options.postsPerSecond() + " posts/s");
    PostingEmulator.Result result = emulator.run();
    if (options.exitWhenDone()) {
      stage = "waiting for every post to reach S3";
      awaitSettled(settleTimeout());
    } else if (stopRequested.getCount() > 0) {
      stage = "requested posts are in; up until Ctrl-C";
      stopRequested.await();
    }
    return result;
  }

  private Duration settleTimeout() {
    long rows = sourceData.initialPosts() + options.posts();
    // Generous: a million posts take minutes on two cores; a failure to settle is reported, not
    // hidden.
    return Duration.ofSeconds(120 + rows / 1_000);
  }

  /** Asks the emulator to stop; {@link #runEmulator()} then returns. */
  public void requestStop() {
    stopRequested.countDown();
    if (emulator != null) {
      emulator.stop();
    }
  }

  /**
   * Waits until every row is in its raw topic, the Streams app has processed everything, and the S3
   * sink has written every record, or until the timeout; returns whether that happened.
   */
  public boolean awaitSettled(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Settlement.Settled state = settled();
      if (state.done()) {
        return true;
      }
      stage = "waiting for " + state.waitingFor();
      if (System.nanoTime() >= deadline) {
        return false;
      }
      // Polling interval of the checks, not synchronisation: the counts decide.
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  /** Whether everything has gone through, and if not, what is still on its way. */
  public Settlement.Settled settled() {
    return new Settlement(database, tally, objects, admin, topics, this::sinkWrites).check();
  }

  private long postsInDatabase() {
    return sourceData.initialPosts() + (emulator == null ? 0 : emulator.inserted());
  }

  /** Runs the batch queries over S3 and compares them with the streaming tables. */
  public BatchCheck.Result batchCheck() throws SQLException {
    Map<AnalyticsTable, Collection<String>> streaming = new EnumMap<>(AnalyticsTable.class);
    for (AnalyticsTable table : AnalyticsTable.values()) {
      streaming.put(table, tally.table(topics.stats(table).name()).values());
    }
    return BatchCheck.run(objects::topicDirectory, topics.prefix(), streaming);
  }

  /**
   * The topics the pipeline writes and reads: raw, derived, DLQs; not Connect's or Streams'
   * internal ones.
   */
  boolean isPipelineTopic(String topic) {
    return topic.startsWith(topics.prefix()) && !topic.startsWith(STREAMS_APPLICATION_ID);
  }

  /** Whether the S3 sink's {@code topics.regex} covers a topic. */
  boolean sinkWrites(String topic) {
    return sinkTopics.matcher(topic).matches();
  }

  /**
   * The live progress block: what the pipeline measures now, as {@link ProgressBlock} lays it out.
   */
  public List<String> progress() {
    long resident = memory.sample();
    Map<String, S3Objects.TopicObjects> inS3 = objects == null ? null : objects.byTopic();
    if (inS3 != null) {
      recordFirstObject(inS3);
    }
    return ProgressBlock.lines(
        topics,
        new ProgressBlock.Snapshot(
            seconds(),
            stage,
            postsInDatabase(),
            emulator == null ? 0 : emulator.inserted(),
            database == null ? "" : database.jdbcUrl(),
            tally == null ? Map.of() : tally.counts(),
            inS3,
            secondsToFirstObject,
            resident,
            memory.peak(),
            sinkDeadLetterTopic));
  }

  private void recordFirstObject(Map<String, S3Objects.TopicObjects> inS3) {
    if (secondsToFirstObject < 0 && !inS3.isEmpty()) {
      secondsToFirstObject = seconds();
    }
  }

  /** Watches for the first S3 object closely, so its time is known to a fraction of a second. */
  private void watchFirstObject() {
    Thread watcher =
        new Thread(
            () -> {
              while (secondsToFirstObject < 0 && stopRequested.getCount() > 0) {
                S3Objects current = objects;
                if (current != null) {
                  recordFirstObject(current.byTopic());
                }
                memory.sample();
                try {
                  TimeUnit.MILLISECONDS.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "first-object-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** The S3 sink's own dead-letter topic: records it could not convert. */
  public String sinkDeadLetterTopic() {
    return sinkDeadLetterTopic;
  }

  private double seconds() {
    return (System.nanoTime() - startedAt) / 1e9;
  }

  public SourceDatabase database() {
    return database;
  }

  public Topics topics() {
    return topics;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public TopicTally tally() {
    return tally;
  }

  public S3Objects s3Objects() {
    return objects;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public String connectUrl() {
    return connect.rest().url();
  }

  public String s3Url() {
    return s3.url();
  }

  public String sinkClass() {
    return sinkClass;
  }

  public double secondsToFirstObject() {
    return secondsToFirstObject;
  }

  public long peakResidentBytes() {
    memory.sample();
    return memory.peak();
  }

  public long postsInDatabaseCount() {
    return postsInDatabase();
  }

  /**
   * Stops everything, consumers of data before its producers: the Streams app and Connect commit
   * what they have, then the endpoints and the database go, the broker last.
   */
  @Override
  public void close() {
    stage = "stopping";
    closeQuietly(streams);
    closeQuietly(connect);
    closeQuietly(tally);
    closeQuietly(admin);
    closeQuietly(s3);
    closeQuietly(sourceData);
    closeQuietly(kafka);
    streams = null;
    connect = null;
    tally = null;
    admin = null;
    s3 = null;
    kafka = null;
  }

  private static void closeQuietly(AutoCloseable component) {
    if (component == null) {
      return;
    }
    try {
      component.close();
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(LocalPipeline.class)
          .warn("stopping {} failed", component.getClass().getSimpleName(), e);
    }
  }

  private void step(String format, Object... args) {
    synchronized (out) {
      out.printf("==> " + format + "%n", args);
      out.flush();
    }
  }

  private static <T> T join(CompletableFuture<T> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static int portOrFree(int port) throws IOException {
    return port == 0 ? FreePorts.next() : port;
  }
}
