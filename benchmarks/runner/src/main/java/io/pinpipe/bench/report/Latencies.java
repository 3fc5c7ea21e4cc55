package io.pinpipe.bench.report;

import java.util.Arrays;

/** Delays of one run, in nanoseconds, and their percentiles (nearest rank). */
public final class Latencies {

  private long[] values = new long[1024];
  private int size;

  public synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  public synchronized int size() {
    return size;
  }

  /** The {@code p}-th percentile (0 < p <= 100) in milliseconds. */
  public synchronized double percentileMillis(double p) {
    if (size == 0) {
      throw new IllegalStateException("no delays measured");
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
  }
}
