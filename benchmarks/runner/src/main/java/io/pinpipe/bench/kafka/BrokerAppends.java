package io.pinpipe.bench.kafka;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Records the broker in this JVM has appended, per topic, read from its {@code MessagesInPerSec}
 * meters over JMX: what tells how many records a topology wrote for its input, internal topics
 * included. Under exactly-once the count includes the transaction markers, one per partition a
 * transaction wrote to, as the broker appends them like records.
 */
public final class BrokerAppends {

  private static final String TOPIC_METERS =
      "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=*";
  private static final String BYTE_METERS =
      "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=*";

  private BrokerAppends() {}

  /** Records appended so far to each topic {@code wanted} accepts, by topic name. */
  public static Map<String, Long> byTopic(Predicate<String> wanted) {
    return read(TOPIC_METERS, wanted);
  }

  /**
   * Bytes appended so far to each topic {@code wanted} accepts (record batches as sent), by topic
   * name.
   */
  public static Map<String, Long> bytesByTopic(Predicate<String> wanted) {
    return read(BYTE_METERS, wanted);
  }

  private static Map<String, Long> read(String meters, Predicate<String> wanted) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Map<String, Long> counts = new TreeMap<>();
    try {
      for (ObjectName meter : server.queryNames(new ObjectName(meters), null)) {
        String topic = meter.getKeyProperty("topic");
        if (wanted.test(topic)) {
          counts.put(topic, ((Number) server.getAttribute(meter, "Count")).longValue());
        }
      }
    } catch (JMException e) {
      throw new IllegalStateException("cannot read the broker's topic meters " + meters, e);
    }
    return counts;
  }

  /** Records appended between two readings to the topics {@code wanted} accepts. */
  public static long between(
      Map<String, Long> before, Map<String, Long> after, Predicate<String> wanted) {
    long appended = 0;
    for (Map.Entry<String, Long> topic : after.entrySet()) {
      if (wanted.test(topic.getKey())) {
        appended += topic.getValue() - before.getOrDefault(topic.getKey(), 0L);
      }
    }
    return appended;
  }
}
