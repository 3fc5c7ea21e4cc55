package io.pinpipe.sourcedb.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** An empirical distribution: values drawn in proportion to how often they were observed. */
final class Weighted<T> {

  private final List<T> values;
  private final long[] cumulative;

  private Weighted(Map<T, Long> counts) {
    if (counts.isEmpty()) {
      throw new IllegalArgumentException(
          "an empirical distribution needs at least one observation");
    }
    values = new ArrayList<>(counts.keySet());
    cumulative = new long[values.size()];
    long total = 0;
    for (int i = 0; i < values.size(); i++) {
      total += counts.get(values.get(i));
      cumulative[i] = total;
    }
  }

  /** The distribution of the observed values, each weighted by its number of occurrences. */
  static <T> Weighted<T> of(Collection<T> observations) {
    Map<T, Long> counts = new LinkedHashMap<>();
    for (T value : observations) {
      counts.merge(value, 1L, Long::sum);
    }
    return new Weighted<>(counts);
  }

  T draw(SplittableRandom random) {
    long point = random.nextLong(cumulative[cumulative.length - 1]);
    int index = Arrays.binarySearch(cumulative, point + 1);
    return values.get(index >= 0 ? index : -index - 1);
  }

  /** The probability of a value, between 0 and 1. */
  double probability(T value) {
    int index = values.indexOf(value);
    if (index < 0) {
      return 0;
    }
    long below = index == 0 ? 0 : cumulative[index - 1];
    return (double) (cumulative[index] - below) / cumulative[cumulative.length - 1];
  }

  List<T> values() {
    return List.copyOf(values);
  }
}
