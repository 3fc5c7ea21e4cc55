package io.pinpipe.streams.topology;

import static io.pinpipe.streams.stats.AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP;
import static io.pinpipe.streams.stats.AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP_AND_JOIN_YEAR;
import static io.pinpipe.streams.stats.AnalyticsTable.MEDIAN_FOLLOWERS_BY_JOIN_YEAR;
import static io.pinpipe.streams.stats.AnalyticsTable.TOP_CATEGORY_BY_AGE_GROUP;
import static io.pinpipe.streams.stats.AnalyticsTable.TOP_CATEGORY_BY_COUNTRY;
import static io.pinpipe.streams.stats.AnalyticsTable.TOP_CATEGORY_BY_YEAR;
import static io.pinpipe.streams.stats.AnalyticsTable.TOP_COUNTRY_BY_FOLLOWERS;
import static io.pinpipe.streams.stats.AnalyticsTable.TOP_USER_BY_COUNTRY;
import static io.pinpipe.streams.stats.AnalyticsTable.USERS_JOINED_BY_YEAR;
import static io.pinpipe.streams.topology.SourcePart.GEO;
import static io.pinpipe.streams.topology.SourcePart.PIN;
import static io.pinpipe.streams.topology.SourcePart.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.streams.join.Post;
import io.pinpipe.streams.stats.AnalyticsTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The join into posts and the nine analytics tables, on the production topology. */
class JoinAndStatsTopologyTest {

  private final TopologyHarness harness = new TopologyHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  private void post(long number, String category, String country, String followers, int age) {
    harness.send(
        PIN,
        RawRows.pin(number)
            .with("category", category)
            .with("follower_count", followers)
            .with("poster_name", "poster " + number));
    harness.send(GEO, RawRows.geo(number).with("country", country));
    harness.send(USER, RawRows.user(number).with("age", age));
  }

  static Stream<List<SourcePart>> everyArrivalOrder() {
    List<List<SourcePart>> orders = new ArrayList<>();
    for (SourcePart a : SourcePart.values()) {
      for (SourcePart b : SourcePart.values()) {
        for (SourcePart c : SourcePart.values()) {
          if (a != b && b != c && a != c) {
            orders.add(List.of(a, b, c));
          }
        }
      }
    }
    return orders.stream();
  }

  @Test
  void thePostStoreHoldsTheBinaryFormNotTheCleanTopicsJson() {
    post(1, "art", "Japan", "1k", 30);

    List<byte[]> logged = harness.changelog(PinPipeTopology.POST_STORE);
    assertThat(logged).isNotEmpty();
    // StoreValues' version byte, then the pin's presence byte; JSON would start with '{'.
    byte[] last = logged.get(logged.size() - 1);
    assertThat(last).startsWith(1, 1);
    Post post = StoreValues.POST.deserializer().deserialize("changelog", last);
    assertThat(post.isComplete()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("everyArrivalOrder")
  void joinsThePartsIntoOnePostInAnyArrivalOrder(List<SourcePart> order) {
    for (SourcePart part : order) {
      assertThat(harness.posts()).isEmpty();
      harness.send(
          part,
          switch (part) {
            case PIN -> RawRows.pin(33);
            case GEO -> RawRows.geo(33);
            case USER -> RawRows.user(33);
          });
    }

    assertThat(harness.posts())
        .containsExactly(
            Map.entry(
                "33",
                "{\"ind\": 33, \"unique_id\": \"58b0546a-bf3f-494a-89f3-c53d0f537f6e\", \"title\": \"The Astronomer\", "
                    + "\"description\": \"Fine Art Print\u2026\u00a0\", \"follower_count\": 17000, "
                    + "\"poster_name\": \"Eyes On Walls \", \"tag_list\": \"Art,Prints\", \"is_image_or_video\": \"image\", "
                    + "\"image_src\": \"https://i.pinimg.com/originals/4e.jpg\", \"save_location\": \"/data/art\", \"category\": \"art\", "
                    + "\"country\": \"Japan\", \"coordinates\": [-47.1159, -118.396], \"timestamp\": \"2018-02-15T21:25:06Z\", "
                    + "\"user_name\": \"Angela Conner\", \"age\": 36, \"date_joined\": \"2016-09-21T11:18:22Z\"}"));
  }

  @Test
  void theLatestVersionOfAPartWinsAndRedeliveryChangesNothing() {
    post(1, "art", "Japan", "1k", 30);
    harness.send(GEO, RawRows.geo(1).with("country", "Chad"));
    harness.send(GEO, RawRows.geo(1).with("country", "Chad"));

    assertThat(harness.posts())
        .hasSize(1)
        .extractingByKey("1")
        .asString()
        .contains("\"country\": \"Chad\"");
    assertThat(harness.stats(TOP_CATEGORY_BY_COUNTRY))
        .containsExactly(
            Map.entry(
                "Chad", "{\"country\": \"Chad\", \"category\": \"art\", \"category_count\": 1}"));
  }

  @Test
  void deletingAnyPartRemovesThePostAndRetractsItFromEveryTable() {
    post(1, "art", "Japan", "1k", 30);
    post(2, "travel", "Chad", "2k", 60);
    for (AnalyticsTable table : AnalyticsTable.values()) {
      assertThat(harness.stats(table)).as(table.tableName()).isNotEmpty();
    }

    harness.delete(USER, 2).delete(GEO, 2);
    harness.delete(PIN, 1);

    assertThat(harness.posts()).isEmpty();
    for (AnalyticsTable table : AnalyticsTable.values()) {
      assertThat(harness.stats(table)).as(table.tableName()).isEmpty();
    }
  }

  @Test
  void aDeletionKeyedByTheDigitsAsAJsonStringRemovesThePostLikeThePlainDigits() {
    // A REST Proxy v2 client that quotes its keys ("key": "2") writes the five bytes "2" with the
    // quotes; the source connector writes 2. Both must delete post 2.
    post(1, "art", "Japan", "1k", 30);
    post(2, "travel", "Chad", "2k", 60);

    harness.send(PIN, "\"2\"", null);

    assertThat(harness.posts()).containsOnlyKeys("1");
    assertThat(harness.stats(TOP_CATEGORY_BY_COUNTRY))
        .containsExactly(
            Map.entry(
                "Japan", "{\"country\": \"Japan\", \"category\": \"art\", \"category_count\": 1}"));
    assertThat(harness.rejections()).isEmpty();
  }

  @Test
  void aChangedCategoryMovesItsCountAndTiesGoToTheNameThatSortsFirst() {
    post(1, "travel", "Japan", "1k", 30);
    post(2, "art", "Japan", "1k", 30);
    assertThat(harness.stats(TOP_CATEGORY_BY_COUNTRY))
        .containsEntry(
            "Japan", "{\"country\": \"Japan\", \"category\": \"art\", \"category_count\": 1}");

    harness.send(PIN, RawRows.pin(2).with("category", "travel"));

    assertThat(harness.stats(TOP_CATEGORY_BY_COUNTRY))
        .containsEntry(
            "Japan", "{\"country\": \"Japan\", \"category\": \"travel\", \"category_count\": 2}");
    assertThat(harness.stats(TOP_CATEGORY_BY_AGE_GROUP))
        .containsEntry(
            "25-35", "{\"age_group\": \"25-35\", \"category\": \"travel\", \"category_count\": 2}");
    assertThat(harness.stats(TOP_CATEGORY_BY_YEAR))
        .containsEntry(
            "2018", "{\"post_year\": 2018, \"category\": \"travel\", \"category_count\": 2}");
  }

  @Test
  void theTopPosterIsTheMostFollowedWithTiesToTheFirstNameAndFeedsTheTopCountry() {
    post(1, "art", "Japan", "5k", 30);
    post(2, "art", "Japan", "5k", 30);
    post(3, "art", "Chad", "5k", 30);
    assertThat(harness.stats(TOP_USER_BY_COUNTRY))
        .containsEntry(
            "Japan",
            "{\"country\": \"Japan\", \"poster_name\": \"poster 1\", \"follower_count\": 5000}");
    assertThat(harness.stats(TOP_COUNTRY_BY_FOLLOWERS))
        .containsExactly(Map.entry("all", "{\"country\": \"Chad\", \"follower_count\": 5000}"));

    harness.send(PIN, RawRows.pin(2).with("follower_count", "1M").with("poster_name", "poster 2"));

    assertThat(harness.stats(TOP_USER_BY_COUNTRY))
        .containsEntry(
            "Japan",
            "{\"country\": \"Japan\", \"poster_name\": \"poster 2\", \"follower_count\": 1000000}");
    assertThat(harness.stats(TOP_COUNTRY_BY_FOLLOWERS))
        .containsExactly(Map.entry("all", "{\"country\": \"Japan\", \"follower_count\": 1000000}"));
  }

  @Test
  void mediansAreTheLowerMedianForOddAndEvenCounts() {
    post(1, "art", "Japan", "10", 20);
    post(2, "art", "Japan", "30", 20);
    post(3, "art", "Japan", "20", 20);
    assertThat(harness.stats(MEDIAN_FOLLOWERS_BY_AGE_GROUP))
        .containsEntry("18-24", "{\"age_group\": \"18-24\", \"median_follower_count\": 20}");

    post(4, "art", "Japan", "40", 20);

    // Four values 10, 20, 30, 40: position ceil(4/2) = 2 holds 20.
    assertThat(harness.stats(MEDIAN_FOLLOWERS_BY_AGE_GROUP))
        .containsEntry("18-24", "{\"age_group\": \"18-24\", \"median_follower_count\": 20}");
    assertThat(harness.stats(MEDIAN_FOLLOWERS_BY_JOIN_YEAR))
        .containsEntry("2016", "{\"post_year\": 2016, \"median_follower_count\": 20}");
    assertThat(harness.stats(MEDIAN_FOLLOWERS_BY_AGE_GROUP_AND_JOIN_YEAR))
        .containsEntry(
            "18-24|2016",
            "{\"age_group\": \"18-24\", \"post_year\": 2016, \"median_follower_count\": 20}");

    harness.delete(PIN, 1);

    assertThat(harness.stats(MEDIAN_FOLLOWERS_BY_AGE_GROUP))
        .containsEntry("18-24", "{\"age_group\": \"18-24\", \"median_follower_count\": 30}");
  }

  @Test
  void leavesOutAgesUnder18YearsOutOfRangeAndNullFields() {
    post(1, "art", "Japan", "1k", 17);
    harness.send(USER, RawRows.user(2).with("date_joined", "2021-01-01 00:00:00"));
    harness.send(PIN, RawRows.pin(2).with("follower_count", "User Info Error"));
    harness.send(GEO, RawRows.geo(2).with("timestamp", "2017-12-31 23:59:59"));

    assertThat(harness.stats(TOP_CATEGORY_BY_AGE_GROUP)).containsOnlyKeys("36-50");
    assertThat(harness.stats(MEDIAN_FOLLOWERS_BY_AGE_GROUP)).isEmpty();
    assertThat(harness.stats(USERS_JOINED_BY_YEAR))
        .containsExactly(Map.entry("2016", "{\"post_year\": 2016, \"number_users_joined\": 1}"));
    assertThat(harness.stats(TOP_CATEGORY_BY_YEAR)).containsOnlyKeys("2018");
    assertThat(harness.stats(TOP_USER_BY_COUNTRY))
        .containsExactly(
            Map.entry(
                "Japan",
                "{\"country\": \"Japan\", \"poster_name\": \"poster 1\", \"follower_count\": 1000}"));
  }
}
