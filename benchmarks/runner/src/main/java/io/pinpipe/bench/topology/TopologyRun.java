package io.pinpipe.bench.topology;

import io.pinpipe.streams.config.StreamsAppConfig;
import io.pinpipe.streams.topology.PinPipeTopology;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * One topology under measurement, in a JVM of its own so that its heap is its own: the production
 * topology or the pass-through, both with the Streams app's production configuration
 * (exactly_once_v2, RocksDB with bounded memory). Runs until SIGTERM; the benchmark watches its
 * committed offsets from outside.
 *
 * <p>Arguments: {@code full|passthrough}, bootstrap servers, topic prefix, application id, state
 * directory, and optionally a report file that {@link RunReport} rewrites every second.
 */
public final class TopologyRun {

  private TopologyRun() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 5
        || args.length > 6
        || !(args[0].equals("full") || args[0].equals("passthrough"))) {
      System.err.println(
          "usage: TopologyRun full|passthrough BOOTSTRAP_SERVERS TOPIC_PREFIX APPLICATION_ID STATE_DIR [REPORT_FILE]");
      System.exit(2);
    }
    StreamsAppConfig config = config(args[1], args[2], args[3], args[4]);
    Topology topology =
        args[0].equals("full")
            ? PinPipeTopology.build(config.topology())
            : PassThroughTopology.build(config.topics());
    KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties());
    RunReport report =
        args.length == 6 ? RunReport.attach(streams, java.nio.file.Path.of(args[5])) : null;
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Leaving the group lets the next instance of the same application (the restore
                  // measurement's) be assigned at once, not after the session timeout.
                  streams.close(
                      CloseOptions.groupMembershipOperation(
                          CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
                  if (report != null) {
                    report.close();
                  }
                  closed.countDown();
                }));
    streams.start();
    closed.await();
  }

  /** The Streams app's own configuration, with this run's addresses and names. */
  public static StreamsAppConfig config(
      String bootstrapServers, String prefix, String applicationId, String stateDirectory) {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", bootstrapServers);
    properties.setProperty("application.id", applicationId);
    properties.setProperty(StreamsAppConfig.TOPIC_PREFIX, prefix);
    properties.setProperty(StreamsAppConfig.TOPIC_REPLICATION_FACTOR, "1");
    properties.setProperty(StreamsAppConfig.TOPICS_CREATE, "false");
    properties.setProperty(StreamsAppConfig.HEALTH_PORT, "-1");
    properties.setProperty("replication.factor", "1");
    properties.setProperty("state.dir", stateDirectory);
    // The app's environment overrides (PINPIPE_STREAMS_*) apply here too, to try a setting.
    return StreamsAppConfig.of(properties, System.getenv());
  }
}
