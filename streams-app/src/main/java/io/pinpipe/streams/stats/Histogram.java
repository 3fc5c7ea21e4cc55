package io.pinpipe.streams.stats;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/**
 * A multiset: each value with how many current posts have it. Aggregations add a post's value
 * and subtract its previous one, so a histogram always describes the current posts, and medians
 * and "most popular" answers can be read from it exactly.
 *
 * <p>Immutable, held as two arrays sorted by the histogram's order: a group's histogram is read
 * from its store, changed by one and written back for every post that enters or leaves the group,
 * so reading and writing it must cost little more than copying its bytes (a tree of boxed entries
 * cost half of the app's processing time). Values are found by binary search.
 */
public final class Histogram<T> {

  private static final Object[] NO_VALUES = {};
  private static final long[] NO_COUNTS = {};

  private final Comparator<? super T> order;
  private final Object[] values;
  private final long[] counts;
  private final long total;

  public Histogram(Comparator<? super T> order) {
    this(order, NO_VALUES, NO_COUNTS, 0);
  }

  private Histogram(Comparator<? super T> order, Object[] values, long[] counts, long total) {
    this.order = order;
    this.values = values;
    this.counts = counts;
    this.total = total;
  }

  /**
   * A histogram from values already in {@code order}, each with a positive count: what {@link
   * HistogramSerde} reads back. Checked, because a histogram out of order would answer wrongly.
   */
  static <T> Histogram<T> ofSorted(Comparator<? super T> order, Object[] values, long[] counts) {
    long total = 0;
    for (int i = 0; i < values.length; i++) {
      @SuppressWarnings("unchecked")
      T value = (T) values[i];
      if (counts[i] <= 0 || (i > 0 && order.compare(previous(values, i), value) >= 0)) {
        throw new IllegalStateException("histogram entries out of order or not positive at entry " + i);
      }
      total += counts[i];
    }
    return new Histogram<>(order, values, counts, total);
  }

  @SuppressWarnings("unchecked")
  private static <T> T previous(Object[] values, int i) {
    return (T) values[i - 1];
  }

  /**
   * A new histogram with one more occurrence of {@code value}. Aggregations must not change the
   * aggregate they are given: Kafka Streams may forward it downstream as the old value.
   */
  public Histogram<T> plus(T value) {
    int at = indexOf(value);
    if (at >= 0) {
      long[] newCounts = counts.clone();
      newCounts[at]++;
      return new Histogram<>(order, values, newCounts, total + 1);
    }
    int insert = -at - 1;
    Object[] newValues = new Object[values.length + 1];
    long[] newCounts = new long[counts.length + 1];
    System.arraycopy(values, 0, newValues, 0, insert);
    System.arraycopy(counts, 0, newCounts, 0, insert);
    newValues[insert] = value;
    newCounts[insert] = 1;
    System.arraycopy(values, insert, newValues, insert + 1, values.length - insert);
    System.arraycopy(counts, insert, newCounts, insert + 1, counts.length - insert);
    return new Histogram<>(order, newValues, newCounts, total + 1);
  }

  /** A new histogram with one occurrence less; removing a value that is not there is a bug upstream. */
  public Histogram<T> minus(T value) {
    int at = indexOf(value);
    if (at < 0) {
      throw new IllegalStateException("retracting " + value + " that was never added");
    }
    if (counts[at] > 1) {
      long[] newCounts = counts.clone();
      newCounts[at]--;
      return new Histogram<>(order, values, newCounts, total - 1);
    }
    Object[] newValues = new Object[values.length - 1];
    long[] newCounts = new long[counts.length - 1];
    System.arraycopy(values, 0, newValues, 0, at);
    System.arraycopy(counts, 0, newCounts, 0, at);
    System.arraycopy(values, at + 1, newValues, at, values.length - at - 1);
    System.arraycopy(counts, at + 1, newCounts, at, counts.length - at - 1);
    return new Histogram<>(order, newValues, newCounts, total - 1);
  }

  @SuppressWarnings("unchecked")
  private int indexOf(T value) {
    return Arrays.binarySearch((T[]) values, value, order);
  }

  public boolean isEmpty() {
    return total == 0;
  }

  public long total() {
    return total;
  }

  /** The first value in the histogram's order. */
  public T first() {
    if (values.length == 0) {
      throw new IllegalStateException("first value of an empty histogram");
    }
    return value(0);
  }

  /**
   * The lower median: the value at position ceil(n/2), counting from 1, in sorted order. This is
   * what Spark's {@code percentile_approx(x, 0.5)} gives on the original data.
   */
  public T lowerMedian() {
    long position = (total + 1) / 2;
    long seen = 0;
    for (int i = 0; i < values.length; i++) {
      seen += counts[i];
      if (seen >= position) {
        return value(i);
      }
    }
    throw new IllegalStateException("median of an empty histogram");
  }

  /** The most frequent value; ties go to the value that comes first in the histogram's order. */
  public Map.Entry<T, Long> mostFrequent() {
    if (values.length == 0) {
      throw new IllegalStateException("most frequent value of an empty histogram");
    }
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (counts[i] > counts[best]) {
        best = i;
      }
    }
    return new AbstractMap.SimpleImmutableEntry<>(value(best), counts[best]);
  }

  /** Distinct values. */
  int size() {
    return values.length;
  }

  T value(int index) {
    @SuppressWarnings("unchecked")
    T value = (T) values[index];
    return value;
  }

  long count(int index) {
    return counts[index];
  }
}
