package io.pinpipe.bench.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.pinpipe.bench.jvm.CpuTime;
import io.pinpipe.bench.jvm.GcLog;
import io.pinpipe.bench.kafka.ApplicationLag;
import io.pinpipe.bench.kafka.BenchStack;
import io.pinpipe.bench.kafka.BrokerAppends;
import io.pinpipe.bench.layout.BenchPaths;
import io.pinpipe.bench.load.ConnectWorkers;
import io.pinpipe.bench.report.Samples;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.streams.app.TopicSetup;
import io.pinpipe.streams.topology.PinPipeTopology;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.streams.topology.Topics;
import io.pinpipe.streams.topology.TopologySettings;
import io.pinpipe.support.process.ChildJvm;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Benchmark 3: input records per second of the production topology against a pass-through topology
 * ({@link PassThroughTopology}) on the same broker and the same posts, each in a JVM of its own
 * ({@link TopologyRun}) with the app's production configuration; then both again under
 * TopologyTestDriver (in-memory stores), where no broker or transaction is involved.
 *
 * <p>Each run gets topics of its own. The app first works through a warm-up set of posts, so that
 * the JIT has compiled its hot code and its stores and group are in place, as in an app that has
 * been running; then the measured posts are written and the clock runs from the first of them being
 * written until the app has done all their work: every topic it reads, its repartition topics
 * included, committed to the end ({@link ApplicationLag}). Reading the raw topics alone would stop
 * the clock while the joins and aggregations still have a backlog. Over the same stretch the broker
 * counts the records each topology wrote and read back per input record ({@link BrokerAppends}),
 * the work behind the rate.
 */
public final class TopologyBenchmark {

  public static final String FULL_RATE = "topology.full.input_records_per_s";
  public static final String PASSTHROUGH_RATE = "topology.passthrough.input_records_per_s";
  public static final String FULL_DRIVER_RATE = "topology.full.test_driver_records_per_s";
  public static final String PASSTHROUGH_DRIVER_RATE =
      "topology.passthrough.test_driver_records_per_s";

  private static final String DRIVER_PREFIX = "topo.";
  private static final int PARTITIONS = 6;

  /** Posts piped through TopologyTestDriver, whose output topics are kept in memory. */
  private static final int DRIVER_POSTS_MAX = 20_000;

  private static final Duration STALL = Duration.ofMinutes(3);

  /** Caught up twice this far apart: a commit interval (100 ms under exactly-once) fits between. */
  private static final Duration SETTLED = Duration.ofSeconds(1);

  /**
   * Input records per CPU second of the app's JVM and the rest of the stack (broker, MariaDB)
   * together, for {@code mode}.
   */
  public static String perCpuSecond(String mode) {
    return "topology." + mode + ".input_records_per_cpu_s";
  }

  /** Input records per CPU second of the app's JVM alone, for {@code mode}. */
  public static String perAppCpuSecond(String mode) {
    return "topology." + mode + ".input_records_per_app_cpu_s";
  }

  /**
   * Records the app wrote per input record, to every topic but the raw ones: its outputs, its
   * stores' changelogs and its repartition topics, transaction markers included.
   */
  private static String writtenPerInput(String mode) {
    return "topology." + mode + ".records_written_per_input";
  }

  /**
   * Records the app read per input record: the input itself and what it wrote to topics it reads.
   */
  private static String readPerInput(String mode) {
    return "topology." + mode + ".records_read_per_input";
  }

  /** A moment of a run: the runner's clock and the CPU time used by then. */
  record Reading(long nanos, CpuTime cpu) {
    static Reading now(ChildJvm app) {
      return new Reading(System.nanoTime(), CpuTime.of(app.handle()));
    }
  }

  /**
   * What the measured posts cost one topology on the broker: its rate, the CPU time, and the
   * records it wrote and read back per input record (transaction markers included).
   */
  private record OnBroker(
      double recordsPerSecond, CpuTime cpu, double writtenPerInput, double readPerInput) {}

  private final BenchStack stack;
  private final BenchPaths paths;
  private final Path work;
  private final int posts;
  private final int warmUpPosts;
  private final PrintStream out;
  private final List<RawInput> warmUp = new ArrayList<>();
  private final List<RawInput> measured = new ArrayList<>();

  public TopologyBenchmark(
      BenchStack stack, BenchPaths paths, Path work, int posts, int warmUpPosts, PrintStream out) {
    this.stack = stack;
    this.paths = paths;
    this.work = work;
    this.posts = posts;
    this.warmUpPosts = warmUpPosts;
    this.out = out;
  }

  /** The warm-up and measured posts as the connector writes them, generated once for every run. */
  public void prepare() throws Exception {
    ObjectWriter json = new ObjectMapper().writer();
    int number = 0;
    for (Post post : new PostGenerator(13).posts(1, warmUpPosts + posts)) {
      (number++ < warmUpPosts ? warmUp : measured).addAll(RawInput.of(post, json));
    }
  }

  public void run(int run, Samples samples) throws Exception {
    List<String> modes = new ArrayList<>(List.of("full", "passthrough"));
    Collections.rotate(modes, -run);
    for (String mode : modes) {
      Path directory = work.resolve("topology/run-" + run + "/" + mode);
      OnBroker result = onBroker(mode, run, directory);
      GcLog heap = GcLog.read(ConnectWorkers.gcLog(directory));
      double perCpuSecond = result.cpu().perSecond(measured.size());
      double perAppCpuSecond = result.cpu().perAppSecond(measured.size());
      samples.higher(
          mode.equals("full") ? FULL_RATE : PASSTHROUGH_RATE,
          "records/s",
          result.recordsPerSecond());
      samples.higher(perCpuSecond(mode), "records/CPU-s", perCpuSecond);
      samples.higher(perAppCpuSecond(mode), "records/CPU-s", perAppCpuSecond);
      samples.lower("topology." + mode + ".peak_heap", "MB", heap.peakHeapMb());
      samples.lower(writtenPerInput(mode), "records", result.writtenPerInput());
      samples.lower(readPerInput(mode), "records", result.readPerInput());
      out.printf(
          "  run %d %-11s on the broker %,9.0f input records/s, %,9.0f per CPU second (app %,9.0f)   peak heap %4.0f MB"
              + "   per input record %.1f written, %.1f read%n",
          run,
          mode,
          result.recordsPerSecond(),
          perCpuSecond,
          perAppCpuSecond,
          heap.peakHeapMb(),
          result.writtenPerInput(),
          result.readPerInput());
    }
    for (String mode : modes) {
      double rate =
          underTestDriver(mode, work.resolve("topology/run-" + run + "/" + mode + "-driver-state"));
      samples.higher(
          mode.equals("full") ? FULL_DRIVER_RATE : PASSTHROUGH_DRIVER_RATE, "records/s", rate);
      out.printf("  run %d %-11s TopologyTestDriver %,9.0f input records/s%n", run, mode, rate);
    }
  }

  private OnBroker onBroker(String mode, int run, Path directory) throws Exception {
    String applicationId = "topo-" + mode + "-" + run;
    Topics topics = new Topics(applicationId + ".");
    List<String> created = createTopics(stack, topics);
    Set<String> sources = sourceTopics(mode, topics, applicationId);
    ApplicationLag lag = new ApplicationLag(stack.admin(), applicationId, sources);
    Predicate<String> ofThisRun = name -> name.startsWith(applicationId);
    Predicate<String> writtenByApp = ofThisRun.and(name -> !topics.rawNames().contains(name));
    try (KafkaProducer<byte[], byte[]> producer = producer(stack);
        ChildJvm app =
            ChildJvm.start(
                directory.resolve("streams.log"),
                ConnectWorkers.launch(paths.runnerClassPath(), directory),
                TopologyRun.class.getName(),
                mode,
                stack.bootstrapServers(),
                topics.prefix(),
                applicationId,
                directory.resolve("state").toString())) {
      write(producer, topics, warmUp);
      awaitCaughtUp(mode, app, lag, topics, warmUp.size());
      Map<String, Long> appendedBefore = BrokerAppends.byTopic(ofThisRun);
      Reading start = Reading.now(app);
      write(producer, topics, measured);
      Reading end = awaitCaughtUp(mode, app, lag, topics, warmUp.size() + measured.size());
      Map<String, Long> appendedAfter = BrokerAppends.byTopic(ofThisRun);
      long written = BrokerAppends.between(appendedBefore, appendedAfter, writtenByApp);
      long readBack =
          BrokerAppends.between(appendedBefore, appendedAfter, writtenByApp.and(sources::contains));
      return new OnBroker(
          measured.size() * 1e9 / (end.nanos() - start.nanos()),
          end.cpu().since(start.cpu()),
          (double) written / measured.size(),
          (double) (measured.size() + readBack) / measured.size());
    } finally {
      deleteTopics(stack, created, applicationId);
    }
  }

  /**
   * Deletes the topics a run created and every topic its application made (changelogs,
   * repartitions).
   */
  static void deleteTopics(BenchStack stack, List<String> created, String applicationId)
      throws Exception {
    created.addAll(
        stack.admin().listTopics().names().get().stream()
            .filter(name -> name.startsWith(applicationId))
            .toList());
    stack.deleteTopics(new TreeSet<>(created));
  }

  static List<String> createTopics(BenchStack stack, Topics topics) throws Exception {
    List<String> created = new ArrayList<>(topics.rawNames());
    stack.createTopics(topics.rawNames(), PARTITIONS);
    new TopicSetup(stack.admin(), topics).createOutputTopics(PARTITIONS, (short) 1);
    created.addAll(topics.streamOutputNames());
    created.addAll(topics.statsNames());
    stack.createTopics(List.of(PassThroughTopology.outputTopic(topics)), PARTITIONS);
    created.add(PassThroughTopology.outputTopic(topics));
    return created;
  }

  /** Every topic the topology reads, internal repartition topics under their full names. */
  static Set<String> sourceTopics(String mode, Topics topics, String applicationId) {
    Topology topology =
        mode.equals("full")
            ? PinPipeTopology.build(TopologySettings.production(topics.prefix()))
            : PassThroughTopology.build(topics);
    Set<String> names = new TreeSet<>();
    for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Source source) {
          for (String name : source.topicSet()) {
            names.add(name.startsWith(topics.prefix()) ? name : applicationId + "-" + name);
          }
        }
      }
    }
    return names;
  }

  static KafkaProducer<byte[], byte[]> producer(BenchStack stack) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            stack.bootstrapServers(),
            "linger.ms",
            "20",
            "batch.size",
            Integer.toString(512 * 1024));
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void write(
      KafkaProducer<byte[], byte[]> producer, Topics topics, List<RawInput> records) {
    for (RawInput record : records) {
      producer.send(
          new ProducerRecord<>(topics.raw(record.part()).name(), record.key(), record.value()));
    }
    producer.flush();
  }

  /**
   * Waits until the app has read {@code rawRecords} and done all their work, and returns when it
   * was first seen so, with the CPU time used by then (not the idle second of settling after).
   * Polls the offsets from outside every 100 ms: the offsets decide, the interval only bounds how
   * late the end is noticed.
   */
  static Reading awaitCaughtUp(
      String mode, ChildJvm app, ApplicationLag lag, Topics topics, long rawRecords)
      throws Exception {
    Reading caughtUpSince = null;
    long lastCommitted = -1;
    long lastProgress = System.nanoTime();
    while (true) {
      Map<TopicPartition, Long> offsets = lag.committedOffsets();
      long committed = ApplicationLag.sum(offsets, topics.rawNames());
      long now = System.nanoTime();
      if (committed >= rawRecords && lag.caughtUp(offsets)) {
        if (caughtUpSince == null) {
          // The CPU time is read only here, not on every poll: each reading walks every child
          // process and would count in the rest of the stack.
          caughtUpSince = Reading.now(app);
        } else if (now - caughtUpSince.nanos() >= SETTLED.toNanos()) {
          return caughtUpSince;
        }
      } else {
        caughtUpSince = null;
      }
      if (committed > lastCommitted) {
        lastCommitted = committed;
        lastProgress = now;
      } else if (now - lastProgress > STALL.toNanos() || !app.isAlive()) {
        throw new IllegalStateException(
            String.format(
                "%s topology: %,d of %,d input records committed, then no progress; see %s",
                mode, committed, rawRecords, app.log()));
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private double underTestDriver(String mode, Path stateDirectory) {
    Topics topics = new Topics(DRIVER_PREFIX);
    var config =
        TopologyRun.config(
            "unused:9092", DRIVER_PREFIX, "topo-driver-" + mode, stateDirectory.toString());
    // In-memory stores, as the topology tests use: the driver commits after every input record,
    // which with RocksDB would flush the stores each time and measure the disk, not the topology.
    Topology topology =
        mode.equals("full")
            ? PinPipeTopology.build(TopologySettings.inMemory(DRIVER_PREFIX))
            : PassThroughTopology.build(topics);
    List<RawInput> input =
        Stream.concat(warmUp.stream(), measured.stream()).limit(3L * DRIVER_POSTS_MAX).toList();
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, config.streamsProperties())) {
      Map<SourcePart, TestInputTopic<byte[], byte[]>> inputs = new EnumMap<>(SourcePart.class);
      for (SourcePart part : SourcePart.values()) {
        inputs.put(
            part,
            driver.createInputTopic(
                topics.raw(part).name(), new ByteArraySerializer(), new ByteArraySerializer()));
      }
      long start = System.nanoTime();
      for (RawInput record : input) {
        inputs.get(record.part()).pipeInput(record.key(), record.value());
      }
      return input.size() * 1e9 / (System.nanoTime() - start);
    }
  }
}
