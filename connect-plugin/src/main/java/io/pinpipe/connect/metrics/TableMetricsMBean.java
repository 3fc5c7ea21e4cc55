package io.pinpipe.connect.metrics;

/** Per-table JMX attributes of a running task. */
public interface TableMetricsMBean {

  /** Rows delivered per second over roughly the last minute. */
  double getRowsPerSecond();

  /** Total rows delivered since the task started. */
  long getRowsDelivered();

  /** The last key delivered, or -1 before the first row. */
  long getLastDeliveredKey();

  /** The table's highest key minus the last delivered key: rows known but not yet delivered. */
  long getLag();

  /** Seconds since the last poll that reached the database, or -1 before the first. */
  double getSecondsSinceLastSuccessfulPoll();
}
