package io.pinpipe.connect.metrics;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JMX metrics of one table in one task, registered as {@code
 * io.pinpipe.connect:type=mysql-source-table,connector=<name>,task=<id>,table=<table>}. MSK Connect
 * exports no JMX: the README says how to get them to CloudWatch.
 */
public final class TableMetrics implements TableMetricsMBean, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TableMetrics.class);
  private static final double WINDOW_SECONDS = 60;

  private final Time time;
  private final ObjectName name;
  private volatile double rate;
  private volatile long lastRateUpdateMs = -1;
  private volatile long delivered;
  private volatile long lastKey = -1;
  private volatile long maxKey = -1;
  private volatile long lastSuccessMs = -1;

  public TableMetrics(Time time, String connector, String task, String table) {
    this.time = time;
    ObjectName objectName = null;
    try {
      objectName =
          new ObjectName(
              "io.pinpipe.connect:type=mysql-source-table,connector="
                  + ObjectName.quote(connector)
                  + ",task="
                  + ObjectName.quote(task)
                  + ",table="
                  + ObjectName.quote(table));
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (server.isRegistered(objectName)) {
        server.unregisterMBean(objectName);
      }
      server.registerMBean(this, objectName);
    } catch (JMException e) {
      LOG.warn("could not register JMX metrics for table {}: {}", table, e.getMessage());
    }
    this.name = objectName;
  }

  /** A successful poll that delivered {@code rows} rows. */
  public synchronized void recordPoll(int rows, Long lastDeliveredKey, Long highestKey) {
    long now = time.milliseconds();
    if (lastRateUpdateMs >= 0) {
      double seconds = Math.max((now - lastRateUpdateMs) / 1000.0, 1e-3);
      double weight = Math.exp(-seconds / WINDOW_SECONDS);
      rate = weight * rate + (1 - weight) * (rows / seconds);
    }
    lastRateUpdateMs = now;
    delivered += rows;
    if (lastDeliveredKey != null) {
      lastKey = lastDeliveredKey;
    }
    if (highestKey != null) {
      maxKey = highestKey;
    }
    lastSuccessMs = now;
  }

  @Override
  public double getRowsPerSecond() {
    return rate;
  }

  @Override
  public long getRowsDelivered() {
    return delivered;
  }

  @Override
  public long getLastDeliveredKey() {
    return lastKey;
  }

  @Override
  public long getLag() {
    return maxKey < 0 ? 0 : Math.max(0, maxKey - Math.max(lastKey, 0));
  }

  @Override
  public double getSecondsSinceLastSuccessfulPoll() {
    return lastSuccessMs < 0 ? -1 : (time.milliseconds() - lastSuccessMs) / 1000.0;
  }

  @Override
  public void close() {
    if (name != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
      } catch (JMException e) {
        LOG.debug("metrics {} already gone", name);
      }
    }
  }
}
