package io.pinpipe.streams.topology;

import java.util.Map;

/**
 * How a reader folds a topic the app writes as a table ({@code posts}, the {@code stats.*} topics)
 * into the table itself: the latest value of each key wins, and a null value (a tombstone) deletes
 * the key. The dry run, the local pipeline's tally and every test that reads those topics fold them
 * this one way.
 */
public final class LatestPerKey {

  private LatestPerKey() {}

  /** Applies one record, {@code key} and {@code value}, to {@code table}. */
  public static <K, V> void apply(Map<K, V> table, K key, V value) {
    if (value == null) {
      table.remove(key);
    } else {
      table.put(key, value);
    }
  }
}
