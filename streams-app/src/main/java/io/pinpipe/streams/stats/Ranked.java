package io.pinpipe.streams.stats;

import java.util.Comparator;

/**
 * A name with a number to rank it by: a poster with its follower count, a country with its top
 * poster's. Ordered best first: highest number, then the name that sorts first.
 */
public record Ranked(String name, long value) {

  public static final Comparator<Ranked> BEST_FIRST =
      Comparator.comparingLong(Ranked::value).reversed().thenComparing(Ranked::name);
}
