package io.pinpipe.local.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * One KRaft node (broker and controller in one) on fixed ports, its log under the data directory,
 * so a restart of {@code pinpipe run} keeps every topic. Sized for one machine: every internal
 * topic with one replica, including the transaction log that exactly-once needs.
 */
public final class LocalKafka implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final int port;

  private LocalKafka(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Formats {@code directory} on first use, starts the node and returns once it answers.
   *
   * @param port the client port (PLAINTEXT on 127.0.0.1)
   * @param controllerPort the KRaft controller's port
   */
  public static LocalKafka start(Path directory, int port, int controllerPort) throws IOException {
    Files.createDirectories(directory);
    Path logs = directory.resolve("log");
    KRaftNode node = new KRaftNode(1, port, controllerPort);
    Properties properties = serverProperties(node, List.of(node), logs);
    Path config = directory.resolve("server.properties");
    try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      properties.store(writer, "PinPipe local KRaft node (written at every start)");
    }
    if (!Files.exists(logs.resolve("meta.properties"))) {
      // A formatted directory has its cluster id: formatting again, with a new id, would fail.
      format(config, Uuid.randomUuid().toString());
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
    server.startup();
    LocalKafka kafka = new LocalKafka(server, port);
    kafka.awaitReady();
    return kafka;
  }

  /**
   * One KRaft node's addresses on 127.0.0.1.
   *
   * @param id the node id, unique in the quorum
   * @param port the client (and inter-broker) port
   * @param controllerPort the KRaft controller's port
   */
  public record KRaftNode(int id, int port, int controllerPort) {}

  /**
   * The configuration of {@code node}, a broker and controller in one, in a quorum of {@code
   * quorum} (itself included). Internal topics take as many replicas as there are nodes, up to
   * three, and need all but one of them in sync to accept a write: one node alone takes its writes,
   * three lose none while one is down.
   */
  public static Properties serverProperties(KRaftNode node, List<KRaftNode> quorum, Path logs) {
    int replicas = Math.min(3, quorum.size());
    String inSync = Integer.toString(Math.max(1, replicas - 1));
    Properties properties = new Properties();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", Integer.toString(node.id()));
    properties.put(
        "controller.quorum.voters",
        String.join(
            ",",
            quorum.stream()
                .map(voter -> voter.id() + "@127.0.0.1:" + voter.controllerPort())
                .toList()));
    properties.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + node.port()
            + ",CONTROLLER://127.0.0.1:"
            + node.controllerPort());
    properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.port());
    properties.put("controller.listener.names", "CONTROLLER");
    properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    properties.put("inter.broker.listener.name", "PLAINTEXT");
    properties.put("log.dirs", logs.toString());
    properties.put("num.partitions", "3");
    properties.put("default.replication.factor", Integer.toString(replicas));
    properties.put("min.insync.replicas", inSync);
    properties.put("offsets.topic.replication.factor", Integer.toString(replicas));
    properties.put("offsets.topic.num.partitions", "3");
    properties.put("transaction.state.log.replication.factor", Integer.toString(replicas));
    properties.put("transaction.state.log.min.isr", inSync);
    properties.put("transaction.state.log.num.partitions", "3");
    properties.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
    properties.put("share.coordinator.state.topic.min.isr", inSync);
    // Members join at once: waiting for more to join only delays every start.
    properties.put("group.initial.rebalance.delay.ms", "0");
    // Nothing on a laptop needs a week of data; keep the disk use of long runs in check.
    properties.put("log.retention.hours", "24");
    properties.put("auto.create.topics.enable", "false");
    // The log cleaner (stats topics are compacted) takes a 128 MB buffer by default; a laptop's
    // few compacted topics need far less, and the pipeline has a memory budget.
    properties.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    return properties;
  }

  /**
   * Writes a node's identity into a fresh log directory: the nodes of one cluster share {@code
   * clusterId}.
   */
  public static void format(Path config, String clusterId) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      status =
          StorageTool.execute(
              new String[] {"format", "--cluster-id", clusterId, "--config", config.toString()},
              print);
    }
    if (status != 0) {
      throw new IllegalStateException(
          "formatting the Kafka log directory failed: "
              + output.toString(StandardCharsets.UTF_8).strip());
    }
  }

  private void awaitReady() {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new IllegalStateException(
          "the Kafka broker did not answer within "
              + READY_TIMEOUT.toSeconds()
              + " s on port "
              + port,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while the Kafka broker started", e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
