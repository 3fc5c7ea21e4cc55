package io.pinpipe.support.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A downstream reader's consumer: read_committed (what a consumer of an exactly-once pipeline may
 * see), no group offsets committed; the caller assigns the partitions it reads. The tests' readers,
 * the local pipeline's tally and the benchmarks all read through one.
 */
public final class ReadCommitted {

  private ReadCommitted() {}

  /**
   * Keys and values as raw bytes, with {@code more} consumer settings (fetch sizes and the like).
   */
  public static KafkaConsumer<byte[], byte[]> bytes(
      String bootstrapServers, Map<String, Object> more) {
    return consumer(
        bootstrapServers, new ByteArrayDeserializer(), new ByteArrayDeserializer(), more);
  }

  /** Keys and values as UTF-8 text, with {@code more} consumer settings. */
  public static KafkaConsumer<String, String> strings(
      String bootstrapServers, Map<String, Object> more) {
    return consumer(bootstrapServers, new StringDeserializer(), new StringDeserializer(), more);
  }

  private static <K, V> KafkaConsumer<K, V> consumer(
      String bootstrapServers,
      Deserializer<K> keys,
      Deserializer<V> values,
      Map<String, Object> more) {
    Map<String, Object> config = new HashMap<>(more);
    config.put("bootstrap.servers", bootstrapServers);
    config.put("isolation.level", "read_committed");
    config.put("enable.auto.commit", "false");
    return new KafkaConsumer<>(config, keys, values);
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
