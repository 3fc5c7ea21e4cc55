package io.pinpipe.connect.it;

import io.pinpipe.support.kafka.SingleBroker;
import io.pinpipe.support.kafka.TopicReader;
import java.util.List;
import java.util.Map;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A Kafka 3.7 KRaft broker in the test JVM, set up for transactions on one broker. */
final class KafkaBroker implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  static KafkaBroker start() throws Exception {
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(
            new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build());
    SingleBroker.settings(Map.of("num.partitions", "3")).forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new KafkaBroker(cluster);
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Every committed record of a topic (read_committed), from the beginning to the current end. */
  List<ConsumerRecord<String, String>> readCommitted(String topic) {
    return TopicReader.readAll(bootstrapServers(), topic);
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
