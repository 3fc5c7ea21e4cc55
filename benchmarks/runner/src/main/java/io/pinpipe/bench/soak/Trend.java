package io.pinpipe.bench.soak;

import java.util.List;

/**
 * The least-squares slope of a series sampled once a minute, per hour: what tells a flat series
 * (memory that settled, a lag that stays put) from one that grows without bound.
 */
public final class Trend {

  private Trend() {}

  /**
   * The slope of {@code perMinute} (sample i taken at minute i) in units per hour; NaN with fewer
   * than two samples.
   */
  public static double perHour(List<Double> perMinute) {
    int n = perMinute.size();
    if (n < 2) {
      return Double.NaN;
    }
    double meanX = (n - 1) / 2.0;
    double meanY = perMinute.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < n; i++) {
      covariance += (i - meanX) * (perMinute.get(i) - meanY);
      variance += (i - meanX) * (i - meanX);
    }
    return covariance / variance * 60;
  }

  /** The later half of {@code perMinute}: the trend once start-up (JIT, heaps filling) is over. */
  public static List<Double> laterHalf(List<Double> perMinute) {
    return perMinute.subList(perMinute.size() / 2, perMinute.size());
  }
}
