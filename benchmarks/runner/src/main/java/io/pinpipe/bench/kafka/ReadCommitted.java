package io.pinpipe.bench.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A downstream reader as the benchmarks time and count with: read_committed (what a consumer of an
 * exactly-once pipeline may see), no group offsets, raw bytes.
 */
public final class ReadCommitted {

  private ReadCommitted() {}

  public static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
    return consumer(bootstrapServers, Map.of());
  }

  /** With {@code more} consumer settings (fetch sizes and the like) on top. */
  public static KafkaConsumer<byte[], byte[]> consumer(
      String bootstrapServers, Map<String, Object> more) {
    Map<String, Object> config = new HashMap<>(more);
    config.put("bootstrap.servers", bootstrapServers);
    config.put("isolation.level", "read_committed");
    config.put("enable.auto.commit", "false");
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Every partition of {@code topics}, as the broker lists them now. */
  public static List<TopicPartition> partitionsOf(
      KafkaConsumer<?, ?> consumer, Collection<String> topics) {
    return topics.stream()
        .flatMap(topic -> consumer.partitionsFor(topic).stream())
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
  }
}
