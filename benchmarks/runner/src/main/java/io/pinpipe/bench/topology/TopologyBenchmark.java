package io.pinpipe.bench.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.pinpipe.bench.BenchPaths;
import io.pinpipe.bench.jvm.GcLog;
import io.pinpipe.bench.kafka.BenchStack;
import io.pinpipe.bench.load.ConnectWorkers;
import io.pinpipe.bench.report.Samples;
import io.pinpipe.local.process.ChildJvm;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.post.RawRecords;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.streams.app.TopicSetup;
import io.pinpipe.streams.topology.PinPipeTopology;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.streams.topology.Topics;
import io.pinpipe.streams.topology.TopologySettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Benchmark 3: input records per second of the production topology against a pass-through
 * topology ({@link PassThroughTopology}) over the same raw topics on the same broker, each in a JVM
 * of its own ({@link TopologyRun}) with the app's production configuration; then both again under
 * TopologyTestDriver (in-memory stores), where no broker or transaction is involved.
 *
 * <p>On the broker the rate is read from outside, from the application's committed offsets: from
 * the first commit to the commit of the last input record. Start-up (RocksDB, group join) is left
 * out, the same for both.
 */
public final class TopologyBenchmark {

  public static final String FULL_RATE = "topology.full.input_records_per_s";
  public static final String PASSTHROUGH_RATE = "topology.passthrough.input_records_per_s";
  public static final String FULL_DRIVER_RATE = "topology.full.test_driver_records_per_s";
  public static final String PASSTHROUGH_DRIVER_RATE = "topology.passthrough.test_driver_records_per_s";

  private static final String PREFIX = "topo.";
  private static final int PARTITIONS = 6;
  /** Posts piped through TopologyTestDriver, whose output topics are kept in memory. */
  private static final int DRIVER_POSTS_MAX = 20_000;
  private static final Duration STALL = Duration.ofMinutes(3);

  private record RawInput(String topic, byte[] key, byte[] value) {}

  private final BenchStack stack;
  private final BenchPaths paths;
  private final Path work;
  private final int posts;
  private final PrintStream out;
  private final Topics topics = new Topics(PREFIX);
  private final List<RawInput> driverInput = new ArrayList<>();
  private long inputRecords;

  public TopologyBenchmark(BenchStack stack, BenchPaths paths, Path work, int posts, PrintStream out) {
    this.stack = stack;
    this.paths = paths;
    this.work = work;
    this.posts = posts;
    this.out = out;
  }

  /** The raw topics filled once with {@code posts} synthetic posts, as the connector writes them. */
  public void prepare() throws Exception {
    stack.createTopics(topics.rawNames(), PARTITIONS);
    new TopicSetup(stack.admin(), topics).createOutputTopics(PARTITIONS, (short) 1);
    stack.createTopics(List.of(PassThroughTopology.outputTopic(topics)), PARTITIONS);
    ObjectWriter json = new ObjectMapper().writer();
    Map<String, Object> producerConfig = Map.of(
        "bootstrap.servers", stack.bootstrapServers(), "linger.ms", "20", "batch.size", Integer.toString(512 * 1024));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
      int number = 0;
      for (Post post : new PostGenerator(13).posts(1, posts)) {
        byte[] key = Integer.toString(post.number()).getBytes(StandardCharsets.UTF_8);
        List<RawInput> records = List.of(
            new RawInput(topics.raw(SourcePart.PIN).name(), key, json.writeValueAsBytes(RawRecords.pin(post.pin()))),
            new RawInput(topics.raw(SourcePart.GEO).name(), key, json.writeValueAsBytes(RawRecords.geo(post.geo()))),
            new RawInput(topics.raw(SourcePart.USER).name(), key, json.writeValueAsBytes(RawRecords.user(post.user()))));
        for (RawInput record : records) {
          producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()));
        }
        if (number++ < DRIVER_POSTS_MAX) {
          driverInput.addAll(records);
        }
      }
      producer.flush();
    }
    inputRecords = 3L * posts;
  }

  public void run(int run, Samples samples) throws Exception {
    List<String> modes = new ArrayList<>(List.of("full", "passthrough"));
    Collections.rotate(modes, -run);
    for (String mode : modes) {
      Path directory = work.resolve("topology/run-" + run + "/" + mode);
      double rate = onBroker(mode, "topo-" + mode + "-" + run, directory);
      GcLog heap = GcLog.read(ConnectWorkers.gcLog(directory));
      samples.higher(mode.equals("full") ? FULL_RATE : PASSTHROUGH_RATE, "records/s", rate);
      samples.lower("topology." + mode + ".peak_heap", "MB", heap.peakHeapMb());
      out.printf("  run %d %-11s on the broker %,9.0f input records/s   peak heap %4.0f MB%n", run, mode, rate, heap.peakHeapMb());
    }
    for (String mode : modes) {
      double rate = underTestDriver(mode, work.resolve("topology/run-" + run + "/" + mode + "-driver-state"));
      samples.higher(mode.equals("full") ? FULL_DRIVER_RATE : PASSTHROUGH_DRIVER_RATE, "records/s", rate);
      out.printf("  run %d %-11s TopologyTestDriver %,9.0f input records/s%n", run, mode, rate);
    }
  }

  private double onBroker(String mode, String applicationId, Path directory) throws Exception {
    try (ChildJvm app = ChildJvm.start(directory.resolve("streams.log"), ConnectWorkers.launch(paths.runnerClassPath(), directory),
        TopologyRun.class.getName(), mode, stack.bootstrapServers(), PREFIX, applicationId, directory.resolve("state").toString())) {
      long firstCommitted = -1;
      long firstNanos = 0;
      long lastCommitted = 0;
      long lastProgress = System.nanoTime();
      while (true) {
        long committed = committed(applicationId);
        long now = System.nanoTime();
        if (committed > 0 && firstCommitted < 0) {
          firstCommitted = committed;
          firstNanos = now;
        }
        if (committed >= inputRecords) {
          if (committed == firstCommitted) {
            throw new IllegalStateException(mode + ": every record was committed at once; use more --topology-posts");
          }
          return (committed - firstCommitted) * 1e9 / (now - firstNanos);
        }
        if (committed > lastCommitted) {
          lastCommitted = committed;
          lastProgress = now;
        } else if (now - lastProgress > STALL.toNanos() || !app.isAlive()) {
          throw new IllegalStateException(String.format("%s topology: %,d of %,d input records committed, then no progress; see %s",
              mode, committed, inputRecords, app.log()));
        }
        // Polling interval of the offsets, not synchronisation: the committed offsets decide.
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  /** Input records the application has committed, over all raw partitions. */
  private long committed(String applicationId) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        stack.admin().listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream()
        .filter(entry -> topics.rawNames().contains(entry.getKey().topic()) && entry.getValue() != null)
        .mapToLong(entry -> entry.getValue().offset())
        .sum();
  }

  private double underTestDriver(String mode, Path stateDirectory) {
    var config = TopologyRun.config("unused:9092", PREFIX, "topo-driver-" + mode, stateDirectory.toString());
    // In-memory stores, as the topology tests use: the driver commits after every input record,
    // which with RocksDB would flush the stores each time and measure the disk, not the topology.
    Topology topology = mode.equals("full") ? PinPipeTopology.build(TopologySettings.inMemory(PREFIX)) : PassThroughTopology.build(topics);
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, config.streamsProperties())) {
      Map<String, TestInputTopic<byte[], byte[]>> inputs = new java.util.HashMap<>();
      for (String name : topics.rawNames()) {
        inputs.put(name, driver.createInputTopic(name, new ByteArraySerializer(), new ByteArraySerializer()));
      }
      long start = System.nanoTime();
      for (RawInput record : driverInput) {
        inputs.get(record.topic()).pipeInput(record.key(), record.value());
      }
      return driverInput.size() * 1e9 / (System.nanoTime() - start);
    }
  }
}
