package io.pinpipe.support.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a one-node KRaft cluster that tests run in their JVM (Kafka's own test kit, in
 * its 3.7 and its 4.x form): transactions and consumer groups work with one replica, and a group
 * starts without the usual rebalance delay.
 */
public final class SingleBroker {

  private SingleBroker() {}

  /** The broker settings, with {@code more} on top. */
  public static Map<String, String> settings(Map<String, String> more) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    settings.put("group.initial.rebalance.delay.ms", "0");
    settings.putAll(more);
    return settings;
  }
}
