package io.pinpipe.streams.stats;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A multiset: each value with how many current posts have it. Aggregations add a post's value
 * and subtract its previous one, so a histogram always describes the current posts, and medians
 * and "most popular" answers can be read from it exactly. Follower counts and categories have few
 * distinct values, which keeps histograms small.
 */
public final class Histogram<T> {

  private final TreeMap<T, Long> counts;
  private long total;

  public Histogram(Comparator<? super T> order) {
    this.counts = new TreeMap<>(order);
  }

  /**
   * A new histogram with one more occurrence of {@code value}. Aggregations must not change the
   * aggregate they are given: Kafka Streams may forward it downstream as the old value.
   */
  public Histogram<T> plus(T value) {
    Histogram<T> copy = copy();
    copy.counts.merge(value, 1L, Long::sum);
    copy.total++;
    return copy;
  }

  /** A new histogram with one occurrence less; removing a value that is not there is a bug upstream. */
  public Histogram<T> minus(T value) {
    Long count = counts.get(value);
    if (count == null) {
      throw new IllegalStateException("retracting " + value + " that was never added");
    }
    Histogram<T> copy = copy();
    if (count == 1) {
      copy.counts.remove(value);
    } else {
      copy.counts.put(value, count - 1);
    }
    copy.total--;
    return copy;
  }

  private Histogram<T> copy() {
    Histogram<T> copy = new Histogram<>(counts.comparator());
    copy.counts.putAll(counts);
    copy.total = total;
    return copy;
  }

  public boolean isEmpty() {
    return total == 0;
  }

  public long total() {
    return total;
  }

  /** The first value in the histogram's order. */
  public T first() {
    return counts.firstKey();
  }

  /**
   * The lower median: the value at position ceil(n/2), counting from 1, in sorted order. This is
   * what Spark's {@code percentile_approx(x, 0.5)} gives on the original data.
   */
  public T lowerMedian() {
    long position = (total + 1) / 2;
    long seen = 0;
    for (Map.Entry<T, Long> entry : counts.entrySet()) {
      seen += entry.getValue();
      if (seen >= position) {
        return entry.getKey();
      }
    }
    throw new IllegalStateException("median of an empty histogram");
  }

  /** The most frequent value; ties go to the value that comes first in the histogram's order. */
  public Map.Entry<T, Long> mostFrequent() {
    Map.Entry<T, Long> best = null;
    for (Map.Entry<T, Long> entry : counts.entrySet()) {
      if (best == null || entry.getValue() > best.getValue()) {
        best = entry;
      }
    }
    if (best == null) {
      throw new IllegalStateException("most frequent value of an empty histogram");
    }
    return best;
  }

  Map<T, Long> counts() {
    return counts;
  }

  void put(T value, long count) {
    counts.put(value, count);
    total += count;
  }
}
