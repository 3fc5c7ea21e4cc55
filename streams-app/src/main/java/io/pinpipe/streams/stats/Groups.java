package io.pinpipe.streams.stats;

import java.time.Instant;
import java.time.ZoneOffset;

/** How posts are grouped for the analytics: age groups and years (contract section 5). */
public final class Groups {

  /** Years of post times that {@code top_category_by_year} reports. */
  public static final int FIRST_POST_YEAR = 2018;

  public static final int LAST_POST_YEAR = 2022;

  /** Years of join dates that the join-year tables report. */
  public static final int FIRST_JOIN_YEAR = 2015;

  public static final int LAST_JOIN_YEAR = 2020;

  private Groups() {}

  /** {@code 18-24}, {@code 25-35}, {@code 36-50}, {@code 50+}; null under 18 or unknown. */
  public static String ageGroup(Long age) {
    if (age == null || age < 18) {
      return null;
    } else if (age <= 24) {
      return "18-24";
    } else if (age <= 35) {
      return "25-35";
    } else if (age <= 50) {
      return "36-50";
    }
    return "50+";
  }

  /** The UTC year of an instant when it lies in {@code [first, last]}, else null. */
  public static Integer yearBetween(Instant instant, int first, int last) {
    if (instant == null) {
      return null;
    }
    int year = instant.atZone(ZoneOffset.UTC).getYear();
    return year >= first && year <= last ? year : null;
  }
}
