package io.pinpipe.streams.stats;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.json.JsonLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The analytics answers computed from scratch over a set of current posts, the way the batch
 * notebooks did: group, sort, count. Written independently of the streaming aggregation so that one
 * can check the other.
 */
public final class StatsReference {

  private record Row(CleanPin pin, CleanGeo geo, CleanUser user) {}

  private StatsReference() {}

  /** Every table's expected content, key to JSON value. */
  public static Map<AnalyticsTable, Map<String, String>> compute(
      Map<Long, CleanPin> pins, Map<Long, CleanGeo> geos, Map<Long, CleanUser> users) {
    List<Row> pinGeo = new ArrayList<>();
    List<Row> pinUser = new ArrayList<>();
    pins.forEach(
        (number, pin) -> {
          if (geos.containsKey(number)) {
            pinGeo.add(new Row(pin, geos.get(number), null));
          }
          if (users.containsKey(number)) {
            pinUser.add(new Row(pin, null, users.get(number)));
          }
        });
    Map<AnalyticsTable, Map<String, String>> tables = new HashMap<>();
    tables.put(
        AnalyticsTable.TOP_CATEGORY_BY_COUNTRY,
        topCategory(pinGeo, r -> r.geo().country(), (k, j) -> j.field("country", k)));
    tables.put(
        AnalyticsTable.TOP_CATEGORY_BY_YEAR,
        topCategory(
            pinGeo,
            r ->
                year(
                    r.geo().timestamp() == null ? null : r.geo().timestamp().toString(),
                    2018,
                    2022),
            (k, j) -> j.field("post_year", Long.parseLong(k))));
    Map<String, String> topUser = new TreeMap<>();
    Map<String, long[]> topFollowers = new TreeMap<>();
    Map<String, String> topName = new TreeMap<>();
    groups(
            pinGeo,
            r ->
                r.pin().posterName() == null || r.pin().followerCount() == null
                    ? null
                    : r.geo().country())
        .forEach(
            (country, rows) -> {
              Row best =
                  rows.stream()
                      .min(
                          Comparator.comparing((Row r) -> -r.pin().followerCount())
                              .thenComparing(r -> r.pin().posterName()))
                      .orElseThrow();
              topUser.put(
                  country,
                  JsonLine.object()
                      .field("country", country)
                      .field("poster_name", best.pin().posterName())
                      .field("follower_count", best.pin().followerCount())
                      .toString());
              topFollowers.put(country, new long[] {best.pin().followerCount()});
              topName.put(country, best.pin().posterName());
            });
    tables.put(AnalyticsTable.TOP_USER_BY_COUNTRY, topUser);
    Map<String, String> topCountry = new TreeMap<>();
    topFollowers.entrySet().stream()
        .min(
            Comparator.comparing((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                .thenComparing(Map.Entry::getKey))
        .ifPresent(
            e ->
                topCountry.put(
                    "all",
                    JsonLine.object()
                        .field("country", e.getKey())
                        .field("follower_count", e.getValue()[0])
                        .toString()));
    tables.put(AnalyticsTable.TOP_COUNTRY_BY_FOLLOWERS, topCountry);

    tables.put(
        AnalyticsTable.TOP_CATEGORY_BY_AGE_GROUP,
        topCategory(
            pinUser, r -> Groups.ageGroup(r.user().age()), (k, j) -> j.field("age_group", k)));
    tables.put(
        AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP,
        median(pinUser, r -> Groups.ageGroup(r.user().age()), (k, j) -> j.field("age_group", k)));
    Map<String, String> joined = new TreeMap<>();
    groups(pinUser, StatsReference::joinYear)
        .forEach(
            (year, rows) ->
                joined.put(
                    year,
                    JsonLine.object()
                        .field("post_year", Long.parseLong(year))
                        .field("number_users_joined", (long) rows.size())
                        .toString()));
    tables.put(AnalyticsTable.USERS_JOINED_BY_YEAR, joined);
    tables.put(
        AnalyticsTable.MEDIAN_FOLLOWERS_BY_JOIN_YEAR,
        median(
            pinUser, StatsReference::joinYear, (k, j) -> j.field("post_year", Long.parseLong(k))));
    tables.put(
        AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP_AND_JOIN_YEAR,
        median(
            pinUser,
            r ->
                Groups.ageGroup(r.user().age()) == null || joinYear(r) == null
                    ? null
                    : Groups.ageGroup(r.user().age()) + "|" + joinYear(r),
            (k, j) ->
                j.field("age_group", k.split("\\|")[0])
                    .field("post_year", Long.parseLong(k.split("\\|")[1]))));
    return tables;
  }

  private static String joinYear(Row row) {
    return year(
        row.user().dateJoined() == null ? null : row.user().dateJoined().toString(), 2015, 2020);
  }

  private static String year(String isoInstant, int first, int last) {
    if (isoInstant == null) {
      return null;
    }
    int year = Integer.parseInt(isoInstant.substring(0, 4));
    return year >= first && year <= last ? Integer.toString(year) : null;
  }

  private static Map<String, List<Row>> groups(List<Row> rows, Function<Row, String> group) {
    return rows.stream().filter(r -> group.apply(r) != null).collect(Collectors.groupingBy(group));
  }

  private static Map<String, String> topCategory(
      List<Row> rows,
      Function<Row, String> group,
      java.util.function.BiFunction<String, JsonLine, JsonLine> key) {
    Map<String, String> table = new TreeMap<>();
    groups(rows, r -> r.pin().category() == null ? null : group.apply(r))
        .forEach(
            (g, members) -> {
              Map<String, Long> counts =
                  members.stream()
                      .collect(
                          Collectors.groupingBy(r -> r.pin().category(), Collectors.counting()));
              Map.Entry<String, Long> best =
                  counts.entrySet().stream()
                      .min(
                          Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                              .thenComparing(Map.Entry::getKey))
                      .orElseThrow();
              table.put(
                  g,
                  key.apply(g, JsonLine.object())
                      .field("category", best.getKey())
                      .field("category_count", best.getValue())
                      .toString());
            });
    return table;
  }

  private static Map<String, String> median(
      List<Row> rows,
      Function<Row, String> group,
      java.util.function.BiFunction<String, JsonLine, JsonLine> key) {
    Map<String, String> table = new TreeMap<>();
    groups(rows, r -> r.pin().followerCount() == null ? null : group.apply(r))
        .forEach(
            (g, members) -> {
              List<Long> sorted =
                  members.stream().map(r -> r.pin().followerCount()).sorted().toList();
              long median = sorted.get((sorted.size() + 1) / 2 - 1);
              table.put(
                  g,
                  key.apply(g, JsonLine.object())
                      .field("median_follower_count", median)
                      .toString());
            });
    return table;
  }
}
