package io.pinpipe.streams.stats;

/**
 * The key of a delta: its dimension's code and the group, as {@code code|group}. Text, so that an
 * operator reading the repartition topic sees what it is; the code never holds {@code |}, so the
 * first one splits it (the age group and join year dimension's groups hold one of their own).
 */
public record GroupKey(Dimension dimension, String group) {

  public static GroupKey parse(String key) {
    int bar = key.indexOf('|');
    if (bar < 0) {
      throw new IllegalArgumentException("a group key is 'dimension|group', got '" + key + "'");
    }
    return new GroupKey(Dimension.byCode(key.substring(0, bar)), key.substring(bar + 1));
  }

  @Override
  public String toString() {
    return dimension.code() + "|" + group;
  }
}
