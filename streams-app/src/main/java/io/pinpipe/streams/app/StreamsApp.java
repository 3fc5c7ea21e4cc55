package io.pinpipe.streams.app;

import io.pinpipe.streams.config.StreamsAppConfig;
import io.pinpipe.streams.topology.PinPipeTopology;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running app: prepares topics, starts Kafka Streams on the production topology with the health
 * endpoint, and closes both in order on {@link #close()}.
 */
public final class StreamsApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final HealthServer health;
  private final ThreadFailures failures;
  private final CountDownLatch stopped;

  private StreamsApp(
      KafkaStreams streams, HealthServer health, ThreadFailures failures, CountDownLatch stopped) {
    this.streams = streams;
    this.health = health;
    this.failures = failures;
    this.stopped = stopped;
  }

  /** Prepares the topics and starts processing; returns once Kafka Streams has started. */
  public static StreamsApp start(StreamsAppConfig config) throws IOException {
    Properties properties = config.streamsProperties();
    try (Admin admin = Admin.create(properties)) {
      TopicSetup setup = new TopicSetup(admin, config.topics());
      int partitions = setup.checkRawTopics();
      if (config.createTopics()) {
        setup.createOutputTopics(partitions, config.replicationFactor());
      } else {
        setup.checkOutputTopics(partitions);
      }
      LOG.info(
          "topics ready: raw topics {} have {} partitions each",
          config.topics().rawNames(),
          partitions);
    }
    Topology topology = PinPipeTopology.build(config.topology());
    KafkaStreams streams = new KafkaStreams(topology, properties);
    CountDownLatch stopped = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          LOG.info("state {} -> {}", before, now);
          // ERROR only: a close (SIGTERM) ends in NOT_RUNNING and is no failure to report; the
          // shutdown after too many thread failures ends in ERROR.
          if (now == KafkaStreams.State.ERROR) {
            stopped.countDown();
          }
        });
    ThreadFailures failures = new ThreadFailures();
    streams.setUncaughtExceptionHandler(failures);
    LOG.info(
        "starting {} on {} with {} (topic prefix '{}')",
        properties.getProperty("application.id"),
        properties.getProperty("bootstrap.servers"),
        properties.getProperty("processing.guarantee"),
        config.topology().topicPrefix());
    streams.start();
    HealthServer health =
        config.healthPort() < 0
            ? null
            : HealthServer.start(config.healthPort(), streams, failures::fatal);
    if (health != null) {
      LOG.info("health endpoint on http://0.0.0.0:{}/health and /ready", health.port());
    }
    return new StreamsApp(streams, health, failures, stopped);
  }

  /**
   * Waits until Kafka Streams has shut itself down after repeated thread failures (it never does
   * while healthy) and returns why.
   */
  public String awaitFailure() throws InterruptedException {
    stopped.await();
    return failures.fatal().orElse("Kafka Streams stopped in state " + streams.state());
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The health endpoint's port, or -1 when it is off. */
  public int healthPort() {
    return health == null ? -1 : health.port();
  }

  /** Commits and closes Kafka Streams, then the health endpoint. */
  @Override
  public void close() {
    LOG.info("closing: committing and leaving the group");
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT));
    if (health != null) {
      health.close();
    }
    LOG.info("closed");
  }
}
