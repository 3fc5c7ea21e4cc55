package io.pinpipe.streams.stats;

import io.pinpipe.streams.join.Post;
import io.pinpipe.streams.json.JsonLine;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the analytics tables group posts by. Tables that share a grouping share a dimension, so one
 * post update makes one delta per dimension, not one per table: country (two tables), year of the
 * post, age group (two), year joined (two), age group and year joined. {@link #ALL} is the second
 * stage: each country's top poster, ranked across countries.
 */
public enum Dimension {
  COUNTRY(
      "country",
      Post::hasPinWithGeo,
      post -> post.geo().country(),
      (group, json) -> json.field("country", group),
      List.of(
          new Measure(AnalyticsTable.TOP_CATEGORY_BY_COUNTRY, Statistic.TOP_CATEGORY),
          new Measure(AnalyticsTable.TOP_USER_BY_COUNTRY, Statistic.TOP_POSTER))),
  POST_YEAR(
      "post_year",
      Post::hasPinWithGeo,
      post ->
          year(
              Groups.yearBetween(
                  post.geo().timestamp(), Groups.FIRST_POST_YEAR, Groups.LAST_POST_YEAR)),
      (group, json) -> json.field("post_year", Long.parseLong(group)),
      List.of(new Measure(AnalyticsTable.TOP_CATEGORY_BY_YEAR, Statistic.TOP_CATEGORY))),
  AGE_GROUP(
      "age_group",
      Post::hasPinWithUser,
      post -> Groups.ageGroup(post.user().age()),
      (group, json) -> json.field("age_group", group),
      List.of(
          new Measure(AnalyticsTable.TOP_CATEGORY_BY_AGE_GROUP, Statistic.TOP_CATEGORY),
          new Measure(AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP, Statistic.MEDIAN_FOLLOWERS))),
  JOIN_YEAR(
      "join_year",
      Post::hasPinWithUser,
      Dimension::joinYear,
      (group, json) -> json.field("post_year", Long.parseLong(group)),
      List.of(
          new Measure(AnalyticsTable.USERS_JOINED_BY_YEAR, Statistic.POSTS),
          new Measure(AnalyticsTable.MEDIAN_FOLLOWERS_BY_JOIN_YEAR, Statistic.MEDIAN_FOLLOWERS))),
  AGE_GROUP_AND_JOIN_YEAR(
      "age_group_and_join_year",
      Post::hasPinWithUser,
      post -> {
        String group = Groups.ageGroup(post.user().age());
        String year = joinYear(post);
        return group == null || year == null ? null : group + "|" + year;
      },
      (group, json) -> {
        int bar = group.indexOf('|');
        return json.field("age_group", group.substring(0, bar))
            .field("post_year", Long.parseLong(group.substring(bar + 1)));
      },
      List.of(
          new Measure(
              AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP_AND_JOIN_YEAR,
              Statistic.MEDIAN_FOLLOWERS))),
  /** One group, {@code all}: every country with its top poster's follower count. */
  ALL(
      "all",
      post -> false,
      post -> null,
      (group, json) -> json,
      List.of(new Measure(AnalyticsTable.TOP_COUNTRY_BY_FOLLOWERS, Statistic.TOP_COUNTRY)));

  /** A table of the dimension and how its answer is kept. */
  public record Measure(AnalyticsTable table, Statistic statistic) {}

  /** The dimensions a post's update is grouped by in the first stage. */
  public static final List<Dimension> OF_POSTS =
      List.of(COUNTRY, POST_YEAR, AGE_GROUP, JOIN_YEAR, AGE_GROUP_AND_JOIN_YEAR);

  private final String code;
  private final Predicate<Post> joined;
  private final Function<Post, String> group;
  private final GroupFields groupFields;
  private final List<Measure> measures;

  Dimension(
      String code,
      Predicate<Post> joined,
      Function<Post, String> group,
      GroupFields groupFields,
      List<Measure> measures) {
    this.code = code;
    this.joined = joined;
    this.group = group;
    this.groupFields = groupFields;
    this.measures = measures;
  }

  public String code() {
    return code;
  }

  public List<Measure> measures() {
    return measures;
  }

  /** The group a post falls in, null when its parts are not joined yet or the field is null. */
  String groupOf(Post post) {
    return joined.test(post) ? group.apply(post) : null;
  }

  /** The answer's leading fields, which say the group. */
  JsonLine writeGroup(String group, JsonLine json) {
    return groupFields.write(group, json);
  }

  static Dimension byCode(String code) {
    for (Dimension dimension : values()) {
      if (dimension.code.equals(code)) {
        return dimension;
      }
    }
    throw new IllegalArgumentException("unknown analytics dimension '" + code + "'");
  }

  private static String joinYear(Post post) {
    return year(
        Groups.yearBetween(
            post.user().dateJoined(), Groups.FIRST_JOIN_YEAR, Groups.LAST_JOIN_YEAR));
  }

  private static String year(Integer year) {
    return year == null ? null : year.toString();
  }

  @FunctionalInterface
  private interface GroupFields {
    JsonLine write(String group, JsonLine json);
  }
}
