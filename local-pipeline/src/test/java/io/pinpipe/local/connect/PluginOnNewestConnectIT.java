package io.pinpipe.local.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.testing.Await;
import io.pinpipe.sourcedb.testing.MariaDbExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test: the plugin zip built for MSK Connect (compiled against connect-api 3.7) loads and
 * runs unchanged on the newest Kafka Connect 4.x runtime, found through plugin.path and service
 * loading alone.
 */
@ExtendWith(MariaDbExtension.class)
class PluginOnNewestConnectIT {

  @Test
  void thePluginZipRunsOnConnect4AndDeliversTheSample(SourceDatabase database, @TempDir Path work) throws Exception {
    Exit.setExitProcedure((status, message) -> {
      throw new IllegalStateException("Connect tried to exit with " + status + ": " + message);
    });
    new PostLoader(database).load(SampleData.posts());
    Path plugins = unzip(Path.of(System.getProperty("pinpipe.plugin.zip")), work.resolve("plugins"));
    try (KafkaClusterTestKit kafka = startBroker()) {
      int port = freePort();
      Map<String, String> worker = new HashMap<>();
      worker.put("bootstrap.servers", kafka.bootstrapServers());
      worker.put("group.id", "smoke");
      worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
      worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
      worker.put("value.converter.schemas.enable", "false");
      for (String store : List.of("offset", "config", "status")) {
        worker.put(store + ".storage.topic", "smoke-" + store);
        worker.put(store + ".storage.replication.factor", "1");
      }
      worker.put("offset.flush.interval.ms", "1000");
      worker.put("listeners", "http://127.0.0.1:" + port);
      worker.put("plugin.path", plugins.toString());
      worker.put("plugin.discovery", "service_load");
      Connect<?> connect = new ConnectDistributed().startConnect(worker);
      try {
        String config = "{\"connector.class\": \"io.pinpipe.connect.MySqlSourceConnector\", \"tasks.max\": \"3\","
            + " \"connection.url\": \"" + database.jdbcUrl() + "\", \"connection.user\": \"root\", \"ssl.mode\": \"disable\","
            + " \"tables\": \"pinterest_data,geolocation_data,user_data\", \"topic.prefix\": \"smoke.\","
            + " \"table.pinterest_data.topic\": \"pin\", \"gap.grace.period.ms\": \"2000\","
            + " \"topic.creation.default.replication.factor\": \"1\", \"topic.creation.default.partitions\": \"3\"}";
        HttpResponse<String> created = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/connectors/smoke/config"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(config)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isLessThan(300);

        for (String topic : List.of("smoke.pin", "smoke.geolocation_data", "smoke.user_data")) {
          awaitKeys(kafka.bootstrapServers(), topic, 600);
        }
        assertThat(keys(kafka.bootstrapServers(), "smoke.pin")).contains("33", "10986");
      } finally {
        connect.stop();
        Exit.resetExitProcedure();
      }
    }
  }

  private static KafkaClusterTestKit startBroker() throws Exception {
    KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(
            new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
    return kafka;
  }

  private static void awaitKeys(String bootstrap, String topic, int count) throws Exception {
    Await.until(count + " keys on " + topic, Duration.ofSeconds(90), () -> keys(bootstrap, topic).size() >= count);
  }

  private static Set<String> keys(String bootstrap, String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      if (!consumer.listTopics().containsKey(topic)) {
        return Set.of();
      }
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Set<String> keys = new java.util.HashSet<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
      }
      return keys;
    }
  }

  private static Path unzip(Path zip, Path directory) throws Exception {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path target = directory.resolve(entry.getName()).normalize();
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return directory;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
