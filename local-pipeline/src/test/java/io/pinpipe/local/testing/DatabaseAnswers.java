package io.pinpipe.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.streams.stats.AnalyticsTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The nine analytics tables as the database itself answers them: the contract's cleaning rules
 * (section 3) and questions (section 5) written in SQL and run by MariaDB over the source tables.
 * It shares no code with the Streams app, so a rule the app gets wrong cannot be wrong here in the
 * same way. Answers are compared as JSON values (field order and number formatting aside):
 * MariaDB's {@code JSON_OBJECT} writes them, Jackson reads both sides.
 *
 * <p>Text is compared and ordered as bytes ({@code CAST(... AS BINARY)}): the tables' collation
 * ignores trailing spaces, and poster names keep theirs (contract section 1); UTF-8 byte order is
 * code point order, the contract's "sorts first".
 */
public final class DatabaseAnswers {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The cleaned rows, as views every query starts from. */
  private static final String CLEANED =
      """
      WITH pin AS (
        SELECT `index` AS n,
          CASE WHEN category IS NULL OR CAST(category AS BINARY) = '' THEN NULL ELSE category END AS category,
          CASE WHEN poster_name IS NULL OR CAST(poster_name AS BINARY) IN ('', 'User Info Error') THEN NULL ELSE poster_name END AS poster,
          CASE
            WHEN follower_count IS NULL OR CAST(follower_count AS BINARY) IN ('', 'User Info Error') THEN NULL
            WHEN CAST(follower_count AS BINARY) LIKE '%k'
              THEN CAST(CAST(LEFT(follower_count, CHAR_LENGTH(follower_count) - 1) AS DECIMAL(40, 6)) * 1000 AS SIGNED)
            WHEN CAST(follower_count AS BINARY) LIKE '%M'
              THEN CAST(CAST(LEFT(follower_count, CHAR_LENGTH(follower_count) - 1) AS DECIMAL(40, 6)) * 1000000 AS SIGNED)
            ELSE CAST(follower_count AS SIGNED)
          END AS followers
        FROM pinterest_data),
      geo AS (
        SELECT ind AS n,
          CASE WHEN country IS NULL OR CAST(country AS BINARY) = '' THEN NULL ELSE country END AS country,
          CASE WHEN YEAR(`timestamp`) BETWEEN 2018 AND 2022 THEN YEAR(`timestamp`) END AS post_year
        FROM geolocation_data),
      usr AS (
        SELECT ind AS n,
          CASE WHEN age IS NULL OR age < 18 THEN NULL WHEN age <= 24 THEN '18-24' WHEN age <= 35 THEN '25-35'
               WHEN age <= 50 THEN '36-50' ELSE '50+' END AS age_group,
          CASE WHEN YEAR(date_joined) BETWEEN 2015 AND 2020 THEN YEAR(date_joined) END AS join_year
        FROM user_data),
      pin_geo AS (SELECT pin.*, geo.country, geo.post_year FROM pin JOIN geo ON geo.n = pin.n),
      pin_user AS (SELECT pin.*, usr.age_group, usr.join_year FROM pin JOIN usr ON usr.n = pin.n)
      """;

  /** Most frequent category per group, ties to the category that sorts first. */
  private static String topCategory(String rows, String group, String groupField) {
    return CLEANED
        + """
        SELECT JSON_OBJECT('%3$s', g, 'category', category, 'category_count', c) FROM (
          SELECT %2$s AS g, category, COUNT(*) AS c,
            ROW_NUMBER() OVER (PARTITION BY CAST(%2$s AS BINARY) ORDER BY COUNT(*) DESC, CAST(category AS BINARY)) AS r
          FROM %1$s WHERE %2$s IS NOT NULL AND category IS NOT NULL
          GROUP BY CAST(%2$s AS BINARY), CAST(category AS BINARY)) ranked
        WHERE r = 1
        """
            .formatted(rows, group, groupField);
  }

  /** The lower median: the value at position ceil(n/2) of the sorted non-null follower counts. */
  private static String median(String group, String groupFields) {
    return CLEANED
        + """
        SELECT JSON_OBJECT(%2$s, 'median_follower_count', followers) FROM (
          SELECT age_group, join_year, followers,
            ROW_NUMBER() OVER (PARTITION BY %1$s ORDER BY followers) AS position,
            COUNT(*) OVER (PARTITION BY %1$s) AS size
          FROM pin_user WHERE followers IS NOT NULL AND %3$s) sorted
        WHERE position = (size + 1) DIV 2
        """
            .formatted(group, groupFields, notNull(group));
  }

  private static String notNull(String columns) {
    return String.join(
        " AND ",
        java.util.Arrays.stream(columns.split(",")).map(c -> c.trim() + " IS NOT NULL").toList());
  }

  private static final String TOP_USER_BY_COUNTRY =
      CLEANED
          + """
      SELECT JSON_OBJECT('country', country, 'poster_name', poster, 'follower_count', followers) FROM (
        SELECT country, poster, followers,
          ROW_NUMBER() OVER (PARTITION BY CAST(country AS BINARY) ORDER BY followers DESC, CAST(poster AS BINARY)) AS r
        FROM pin_geo WHERE country IS NOT NULL AND poster IS NOT NULL AND followers IS NOT NULL) ranked
      WHERE r = 1
      """;

  private static final String TOP_COUNTRY_BY_FOLLOWERS =
      CLEANED
          + """
      SELECT JSON_OBJECT('country', country, 'follower_count', followers) FROM (
        SELECT country, MAX(followers) AS followers FROM pin_geo
        WHERE country IS NOT NULL AND poster IS NOT NULL AND followers IS NOT NULL
        GROUP BY CAST(country AS BINARY)) tops
      ORDER BY followers DESC, CAST(country AS BINARY) LIMIT 1
      """;

  private static final String USERS_JOINED_BY_YEAR =
      CLEANED
          + """
      SELECT JSON_OBJECT('post_year', join_year, 'number_users_joined', COUNT(*))
      FROM pin_user WHERE join_year IS NOT NULL GROUP BY join_year
      """;

  private static final Map<AnalyticsTable, String> QUERIES =
      new EnumMap<>(
          Map.of(
              AnalyticsTable.TOP_CATEGORY_BY_COUNTRY, topCategory("pin_geo", "country", "country"),
              AnalyticsTable.TOP_CATEGORY_BY_YEAR, topCategory("pin_geo", "post_year", "post_year"),
              AnalyticsTable.TOP_USER_BY_COUNTRY, TOP_USER_BY_COUNTRY,
              AnalyticsTable.TOP_COUNTRY_BY_FOLLOWERS, TOP_COUNTRY_BY_FOLLOWERS,
              AnalyticsTable.TOP_CATEGORY_BY_AGE_GROUP,
                  topCategory("pin_user", "age_group", "age_group"),
              AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP,
                  median("age_group", "'age_group', age_group"),
              AnalyticsTable.USERS_JOINED_BY_YEAR, USERS_JOINED_BY_YEAR,
              AnalyticsTable.MEDIAN_FOLLOWERS_BY_JOIN_YEAR,
                  median("join_year", "'post_year', join_year"),
              AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP_AND_JOIN_YEAR,
                  median(
                      "age_group, join_year", "'age_group', age_group, 'post_year', join_year")));

  private DatabaseAnswers() {}

  /** Each table's answers, as JSON values. */
  public static Map<AnalyticsTable, Set<JsonNode>> compute(SourceDatabase database)
      throws Exception {
    Map<AnalyticsTable, Set<JsonNode>> tables = new EnumMap<>(AnalyticsTable.class);
    try (Connection connection = database.open();
        Statement statement = connection.createStatement()) {
      for (Map.Entry<AnalyticsTable, String> query : QUERIES.entrySet()) {
        Set<JsonNode> answers = new HashSet<>();
        try (ResultSet rows = statement.executeQuery(query.getValue())) {
          while (rows.next()) {
            answers.add(JSON.readTree(rows.getString(1)));
          }
        }
        tables.put(query.getKey(), answers);
      }
    }
    return tables;
  }

  /** The app's answers (JSON text) as JSON values, to compare with {@link #compute}'s. */
  public static Set<JsonNode> asJson(Collection<String> answers) {
    Set<JsonNode> values = new HashSet<>();
    for (String answer : answers) {
      try {
        values.add(JSON.readTree(answer));
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + answer, e);
      }
    }
    return values;
  }
}
