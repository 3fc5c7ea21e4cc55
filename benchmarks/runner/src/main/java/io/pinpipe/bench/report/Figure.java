package io.pinpipe.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured quantity over several runs: the median is the figure, min and max say how much the
 * runs disagreed (this machine is shared, so a single run says little).
 */
public record Figure(
    String name,
    String unit,
    double median,
    double min,
    double max,
    int runs,
    boolean higherIsBetter) {

  /**
   * Summarises {@code values} (one per run); fails on none, since a figure without runs is a lie.
   */
  public static Figure of(String name, String unit, boolean higherIsBetter, List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + ": no runs measured");
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Figure(name, unit, median, sorted.get(0), sorted.get(n - 1), n, higherIsBetter);
  }
}
