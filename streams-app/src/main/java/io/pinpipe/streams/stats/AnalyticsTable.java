package io.pinpipe.streams.stats;

/** The nine analytics tables of contract section 5, by their topic and file names. */
public enum AnalyticsTable {
  TOP_CATEGORY_BY_COUNTRY("top_category_by_country"),
  TOP_CATEGORY_BY_YEAR("top_category_by_year"),
  TOP_USER_BY_COUNTRY("top_user_by_country"),
  TOP_COUNTRY_BY_FOLLOWERS("top_country_by_followers"),
  TOP_CATEGORY_BY_AGE_GROUP("top_category_by_age_group"),
  MEDIAN_FOLLOWERS_BY_AGE_GROUP("median_followers_by_age_group"),
  USERS_JOINED_BY_YEAR("users_joined_by_year"),
  MEDIAN_FOLLOWERS_BY_JOIN_YEAR("median_followers_by_join_year"),
  MEDIAN_FOLLOWERS_BY_AGE_GROUP_AND_JOIN_YEAR("median_followers_by_age_group_and_join_year");

  private final String tableName;

  AnalyticsTable(String tableName) {
    this.tableName = tableName;
  }

  /** The name after {@code stats.} in the topic, and of the dry run's file. */
  public String tableName() {
    return tableName;
  }
}
