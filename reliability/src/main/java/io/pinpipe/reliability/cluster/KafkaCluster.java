package io.pinpipe.reliability.cluster;

import io.pinpipe.local.kafka.LocalKafka;
import io.pinpipe.local.kafka.LocalKafka.KRaftNode;
import io.pinpipe.local.layout.Distribution;
import io.pinpipe.support.process.ChildJvm;
import io.pinpipe.support.process.FreePorts;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of several nodes (broker and controller in one), each a JVM of its own running
 * Kafka's own launcher ({@code kafka.Kafka}), so that one can be killed with SIGKILL or stopped and
 * started again while the others serve. Topics take three replicas and two in sync (see {@link
 * LocalKafka#serverProperties}); the three controllers keep a quorum while one is down.
 */
public final class KafkaCluster implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofMillis(250);

  private final List<Broker> brokers;
  private final Admin admin;

  private KafkaCluster(List<Broker> brokers) {
    this.brokers = brokers;
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(brokers),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "30000"));
  }

  /** One node: where it lives, its addresses, and its JVM while it runs. */
  private static final class Broker {
    final KRaftNode node;
    final Path directory;
    final Path config;
    final String heap;
    ChildJvm jvm;
    int starts;

    Broker(KRaftNode node, Path directory, Path config, String heap) {
      this.node = node;
      this.directory = directory;
      this.config = config;
      this.heap = heap;
    }

    void start() throws IOException {
      starts++;
      // Each node logs everything to a file of its own; the console (its .log here) gets warnings.
      jvm =
          ChildJvm.start(
              directory.resolve("broker-" + starts + ".log"),
              Distribution.locate()
                  .launch(heap)
                  .withJvmOptions(List.of("-Dpinpipe.log.dir=" + directory.toAbsolutePath())),
              "kafka.Kafka",
              config.toString());
    }
  }

  /**
   * Formats {@code size} nodes under {@code directory} with one cluster id, starts them and returns
   * once every one has registered.
   */
  public static KafkaCluster start(Path directory, int size, String heap) throws Exception {
    List<KRaftNode> quorum = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      quorum.add(new KRaftNode(id, FreePorts.next(), FreePorts.next()));
    }
    String clusterId = Uuid.randomUuid().toString();
    List<Broker> brokers = new ArrayList<>();
    for (KRaftNode node : quorum) {
      Path home = directory.resolve("broker-" + node.id());
      Files.createDirectories(home);
      Properties properties = LocalKafka.serverProperties(node, quorum, home.resolve("log"));
      // A stopped node's partitions move to the others at once, and it takes its leaderships
      // back soon after it returns, as a production cluster does.
      properties.put("leader.imbalance.check.interval.seconds", "10");
      Path config = home.resolve("server.properties");
      try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        properties.store(writer, "PinPipe cluster node " + node.id());
      }
      LocalKafka.format(config, clusterId);
      brokers.add(new Broker(node, home, config, heap));
    }
    for (Broker broker : brokers) {
      broker.start();
    }
    KafkaCluster cluster = new KafkaCluster(brokers);
    try {
      cluster.awaitBrokers(quorum.stream().map(KRaftNode::id).collect(Collectors.toSet()));
    } catch (RuntimeException | InterruptedException notUp) {
      cluster.close();
      throw notUp;
    }
    return cluster;
  }

  public String bootstrapServers() {
    return bootstrapServers(brokers);
  }

  private static String bootstrapServers(List<Broker> brokers) {
    return String.join(
        ",", brokers.stream().map(broker -> "127.0.0.1:" + broker.node.port()).toList());
  }

  /** The node ids, 1 to the number of nodes. */
  public List<Integer> ids() {
    return brokers.stream().map(broker -> broker.node.id()).toList();
  }

  /** SIGKILL of node {@code id}: no controlled shutdown, its logs recovered at the next start. */
  public void kill(int id) throws InterruptedException {
    broker(id).jvm.kill();
  }

  /** SIGTERM: a controlled shutdown, leaderships handed over first. */
  public void stop(int id) throws InterruptedException {
    broker(id).jvm.close();
  }

  /** Starts node {@code id} again and returns once the cluster sees it. */
  public void start(int id) throws IOException, InterruptedException {
    broker(id).start();
    awaitBrokers(Set.copyOf(ids()));
  }

  /** The process of node {@code id}, for its resident memory. */
  public ProcessHandle handle(int id) {
    return broker(id).jvm.handle();
  }

  /**
   * Waits until every partition of every topic has all its replicas in sync: what a rolling restart
   * waits for before taking the next node down, or it would take a partition below its minimum.
   */
  public void awaitFullyReplicated(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String lagging = "";
    while (Instant.now().isBefore(deadline)) {
      try {
        Collection<String> names =
            admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
        lagging = underReplicated(topics.values());
        if (lagging.isEmpty()) {
          return;
        }
      } catch (ExecutionException notAnswered) {
        lagging = notAnswered.getCause().toString();
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException(
        "replicas not in sync after " + timeout.toSeconds() + " s: " + lagging);
  }

  private static String underReplicated(Collection<TopicDescription> topics) {
    List<String> lagging = new ArrayList<>();
    for (TopicDescription topic : topics) {
      for (TopicPartitionInfo partition : topic.partitions()) {
        if (partition.isr().size() < partition.replicas().size()) {
          lagging.add(topic.name() + "-" + partition.partition());
        }
      }
    }
    return lagging.size() > 5
        ? lagging.subList(0, 5) + " and " + (lagging.size() - 5) + " more"
        : lagging.isEmpty() ? "" : lagging.toString();
  }

  private void awaitBrokers(Set<Integer> expected) throws InterruptedException {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    Set<Integer> seen = Set.of();
    while (Instant.now().isBefore(deadline)) {
      try {
        seen =
            admin.describeCluster().nodes().get().stream()
                .map(Node::id)
                .collect(Collectors.toSet());
        if (seen.containsAll(expected)) {
          return;
        }
      } catch (ExecutionException notYet) {
        // No node answers yet.
      }
      for (Broker broker : brokers) {
        if (broker.jvm != null && !broker.jvm.isAlive()) {
          throw new IllegalStateException(
              "Kafka node " + broker.node.id() + " exited at start; see " + broker.jvm.log());
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException(
        "Kafka nodes "
            + expected
            + " not all registered after "
            + READY_TIMEOUT.toSeconds()
            + " s; seen "
            + seen);
  }

  private Broker broker(int id) {
    return brokers.stream()
        .filter(broker -> broker.node.id() == id)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no Kafka node " + id));
  }

  /**
   * Stops every node at once (SIGTERM, then SIGKILL after 30 s): one by one, the last nodes would
   * wait for a controller quorum that is already gone.
   */
  @Override
  public void close() throws InterruptedException {
    admin.close(Duration.ofSeconds(5));
    List<Thread> stopping = new ArrayList<>();
    for (Broker broker : brokers) {
      if (broker.jvm != null) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    broker.jvm.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "stop-kafka-" + broker.node.id());
        thread.start();
        stopping.add(thread);
      }
    }
    for (Thread thread : stopping) {
      thread.join();
    }
  }
}
