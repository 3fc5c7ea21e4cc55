package io.pinpipe.bench.load;

import io.pinpipe.bench.jvm.GcLog;
import io.pinpipe.bench.kafka.BenchStack;
import io.pinpipe.bench.kafka.TopicCounter;
import io.pinpipe.bench.layout.BenchPaths;
import io.pinpipe.bench.report.Samples;
import io.pinpipe.local.connect.LocalConnectorConfigs;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.support.connect.ChildConnectWorker;
import io.pinpipe.support.connect.ConnectRest;
import io.pinpipe.support.process.ChildJvm;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Benchmark 1: the initial load of {@code pinterest_data} into Kafka by three contenders, one after
 * the other in every run (their order rotating from run to run, so that drift on a shared machine
 * does not always hit the same one): our connector and Debezium's MariaDB snapshot, each on a fresh
 * Connect 3.7 worker JVM, and the raw baseline ({@link RawJdbcLoad}) in a JVM of the same heap.
 * Each is timed from its first record to its last as a read_committed consumer sees them, so worker
 * and JVM start-up do not count.
 */
public final class InitialLoadBenchmark {

  /** How long a contender may go without delivering a record before its run fails. */
  private static final Duration STALL = Duration.ofMinutes(3);

  private static final int PARTITIONS = 6;
  private static final int RAW_ROWS_PER_QUERY = 10_000;

  /** The contenders, by the figure names they report under. */
  public enum Contender {
    PINPIPE("pinpipe"),
    DEBEZIUM("debezium"),
    RAW("raw");

    private final String id;

    Contender(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public String rateFigure() {
      return "load." + id + ".rows_per_s";
    }

    /**
     * Rows per CPU second of the contender's JVM and the rest of the stack (broker, MariaDB)
     * together.
     */
    public String perCpuSecondFigure() {
      return "load." + id + ".rows_per_cpu_s";
    }
  }

  private final BenchStack stack;
  private final BenchPaths paths;
  private final Path work;
  private final int rows;
  private final PrintStream out;
  private ConnectWorkers workers;

  public InitialLoadBenchmark(
      BenchStack stack, BenchPaths paths, Path work, int rows, PrintStream out) {
    this.stack = stack;
    this.paths = paths;
    this.work = work;
    this.rows = rows;
    this.out = out;
  }

  /**
   * Fills {@code pinterest_data} with {@code rows} synthetic rows (only that table: it is what is
   * read).
   */
  public void prepare() throws Exception {
    workers = new ConnectWorkers(paths, stack.bootstrapServers(), work);
    long present;
    try (Connection connection = stack.database().open()) {
      present = PostReader.count(connection, SourceTable.PIN);
    }
    if (present < rows) {
      out.printf("  loading %,d rows into pinterest_data ...%n", rows - present);
      new PostLoader(stack.database())
          .pinsOnly()
          .load(new PostGenerator(11).posts((int) present + 1, rows - (int) present));
    }
    warmUpBroker();
  }

  /**
   * One unmeasured load by our connector before the first run. The broker is shared by every run,
   * as a cluster outlives its connectors, but the first transactional load it serves also pays for
   * compiling its transactional paths: in that run the broker and MariaDB cost about 20 µs of CPU
   * per row against 10 in the later ones. Without this, that cost would always fall on run 0's
   * first contender, which is ours.
   */
  private void warmUpBroker() throws Exception {
    out.println(
        "  warm-up: one unmeasured load by our connector, so that no measured run pays for the broker's first transactions");
    ours("load-warm-up", work.resolve("load/warm-up"));
  }

  /** One run of every contender, in an order rotated by {@code run}. */
  public void run(int run, Samples samples) throws Exception {
    List<Contender> order = new ArrayList<>(List.of(Contender.values()));
    Collections.rotate(order, -run);
    for (Contender contender : order) {
      Path directory = work.resolve("load/run-" + run + "/" + contender.id());
      TopicCounter.Count count =
          switch (contender) {
            case PINPIPE -> ours("load-pinpipe-" + run, directory);
            case DEBEZIUM -> debezium(run, directory);
            case RAW -> raw(run, directory);
          };
      GcLog heap = GcLog.read(ConnectWorkers.gcLog(directory));
      double perCpuSecond = count.cpu().perSecond(count.records());
      double perJvmCpuSecond = count.cpu().perAppSecond(count.records());
      samples.higher(contender.rateFigure(), "rows/s", count.perSecond());
      samples.higher(contender.perCpuSecondFigure(), "rows/CPU-s", perCpuSecond);
      samples.higher(
          "load." + contender.id() + ".rows_per_jvm_cpu_s", "rows/CPU-s", perJvmCpuSecond);
      samples.lower("load." + contender.id() + ".peak_heap", "MB", heap.peakHeapMb());
      samples.lower("load." + contender.id() + ".max_live_heap", "MB", heap.maxLiveHeapMb());
      out.printf(
          "  run %d %-9s %,10.0f rows/s, %,8.0f per CPU second (its JVM %,8.0f)   peak heap %5.0f MB, live at most %5.0f MB%n",
          run,
          contender.id(),
          count.perSecond(),
          perCpuSecond,
          perJvmCpuSecond,
          heap.peakHeapMb(),
          heap.maxLiveHeapMb());
    }
  }

  private TopicCounter.Count ours(String id, Path directory) throws Exception {
    String prefix = id + ".";
    Map<String, String> config =
        LocalConnectorConfigs.source(
            prefix, stack.database(), "disable", directory.resolve("secrets.properties"));
    // Only the table under test, one task, as Debezium has.
    config.put("tables", SourceTable.PIN.name());
    config.remove("table.geolocation_data.topic");
    config.remove("table.user_data.topic");
    config.put("tasks.max", "1");
    config.put("topic.creation.default.partitions", Integer.toString(PARTITIONS));
    // To try a setting before shipping it: PINPIPE_BENCH_SOURCE_CONFIG="batch.max.rows=10000,...".
    String trial = System.getenv().getOrDefault("PINPIPE_BENCH_SOURCE_CONFIG", "");
    for (String setting : trial.split(",")) {
      int equals = setting.indexOf('=');
      if (equals > 0) {
        config.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
      }
    }
    return onWorker(id, directory, config, prefix + "pin");
  }

  private TopicCounter.Count debezium(int run, Path directory) throws Exception {
    String id = "load-debezium-" + run;
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
    config.put("tasks.max", "1");
    config.put("database.hostname", "127.0.0.1");
    config.put("database.port", Integer.toString(stack.databasePort()));
    config.put("database.user", stack.database().user());
    config.put("database.password", stack.database().password());
    config.put("database.server.id", Integer.toString(5400 + run));
    config.put("database.ssl.mode", "disable");
    config.put("topic.prefix", id);
    config.put("database.include.list", stack.databaseName());
    config.put("table.include.list", stack.databaseName() + "." + SourceTable.PIN.name());
    config.put("snapshot.mode", "initial");
    config.put("include.schema.changes", "false");
    config.put("schema.history.internal.kafka.bootstrap.servers", stack.bootstrapServers());
    config.put("schema.history.internal.kafka.topic", id + ".schema-history");
    config.put("topic.creation.default.partitions", Integer.toString(PARTITIONS));
    config.put("topic.creation.default.replication.factor", "1");
    return onWorker(
        id,
        directory,
        config,
        id + "." + stack.databaseName() + "." + SourceTable.PIN.name(),
        id + ".schema-history",
        id);
  }

  private TopicCounter.Count onWorker(
      String id, Path directory, Map<String, String> config, String topic, String... moreTopics)
      throws Exception {
    TopicCounter.Count count;
    try (ChildConnectWorker worker = workers.worker(id, directory)) {
      ConnectRest rest = worker.start();
      config.put("name", id);
      rest.putConnector(id, config);
      // A rejected setting or a failed task ends the run here with its error, not after a stall.
      rest.awaitRunning(id, STALL);
      count =
          TopicCounter.await(
              stack.bootstrapServers(), List.of(topic), rows, STALL, worker.handle());
    }
    List<String> topics = new ArrayList<>(ConnectWorkers.internalTopics(id));
    topics.add(topic);
    topics.addAll(List.of(moreTopics));
    stack.deleteTopics(topics);
    return count;
  }

  private TopicCounter.Count raw(int run, Path directory) throws Exception {
    String topic = "load-raw-" + run + ".pin";
    stack.createTopics(List.of(topic), PARTITIONS);
    TopicCounter.Count count;
    try (ChildJvm load =
        ChildJvm.start(
            directory.resolve("raw.log"),
            ConnectWorkers.launch(paths.runnerClassPath(), directory),
            RawJdbcLoad.class.getName(),
            stack.database().jdbcUrl(),
            stack.database().user(),
            topic,
            stack.bootstrapServers(),
            Integer.toString(RAW_ROWS_PER_QUERY))) {
      count =
          TopicCounter.await(stack.bootstrapServers(), List.of(topic), rows, STALL, load.handle());
      OptionalInt exit = load.awaitExit(Duration.ofMinutes(1));
      if (exit.isEmpty() || exit.getAsInt() != 0) {
        throw new IllegalStateException("the raw baseline did not end cleanly; see " + load.log());
      }
    }
    stack.deleteTopics(List.of(topic));
    return count;
  }
}
