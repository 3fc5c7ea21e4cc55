package io.pinpipe.streams.stats;

import io.pinpipe.streams.join.Post;
import io.pinpipe.streams.json.JsonLine;
import io.pinpipe.streams.topology.Topic;
import io.pinpipe.streams.topology.Topics;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The nine analytics tables (contract section 5), each a grouped aggregation with an adder and a
 * subtractor: when a post changes or is deleted, its old contribution is retracted before the new
 * one is added, so every table equals the answer computed from scratch over the current posts.
 * The first three read pin joined with geo, the rest pin joined with user.
 */
public final class AnalyticsTopology {

  private static final Serde<Ranked> RANKED_SERDE = ValueCodec.serde(ValueCodec.RANKED);
  private static final HistogramSerde<String> CATEGORY_HISTOGRAM =
      new HistogramSerde<>(ValueCodec.STRINGS, Comparator.naturalOrder());
  private static final HistogramSerde<Long> COUNT_HISTOGRAM =
      new HistogramSerde<>(ValueCodec.LONGS, Comparator.naturalOrder());
  private static final HistogramSerde<Ranked> RANKED_HISTOGRAM =
      new HistogramSerde<>(ValueCodec.RANKED, Ranked.BEST_FIRST);

  private final Topics topics;
  private final Materialized.StoreType storeType;

  public AnalyticsTopology(Topics topics, Materialized.StoreType storeType) {
    this.topics = topics;
    this.storeType = storeType;
  }

  public void addTo(KTable<String, Post> pinWithGeo, KTable<String, Post> pinWithUser) {
    // Pin with geo.
    emit(
        AnalyticsTable.TOP_CATEGORY_BY_COUNTRY,
        histogram(pinWithGeo, "category-by-country", CATEGORY_HISTOGRAM, Serdes.String(),
            post -> post.geo().country(), post -> post.pin().category()),
        (country, categories) -> topCategory(JsonLine.object().field("country", country), categories));
    emit(
        AnalyticsTable.TOP_CATEGORY_BY_YEAR,
        histogram(pinWithGeo, "category-by-year", CATEGORY_HISTOGRAM, Serdes.String(),
            post -> yearText(Groups.yearBetween(post.geo().timestamp(), Groups.FIRST_POST_YEAR, Groups.LAST_POST_YEAR)),
            post -> post.pin().category()),
        (year, categories) -> topCategory(JsonLine.object().field("post_year", Long.parseLong(year)), categories));
    KTable<String, Histogram<Ranked>> postersByCountry =
        histogram(pinWithGeo, "poster-by-country", RANKED_HISTOGRAM, RANKED_SERDE,
            post -> post.geo().country(), AnalyticsTopology::poster);
    emit(
        AnalyticsTable.TOP_USER_BY_COUNTRY,
        postersByCountry,
        (country, posters) ->
            JsonLine.object().field("country", country).field("poster_name", posters.first().name())
                .field("follower_count", posters.first().value()).toString());
    KTable<String, Histogram<Ranked>> countriesByTopPoster =
        postersByCountry
            .filter((country, posters) -> !posters.isEmpty(), Named.as("top-poster-filter"))
            .groupBy(
                (country, posters) -> KeyValue.pair("all", new Ranked(country, posters.first().value())),
                Grouped.with("country-by-top-poster", Serdes.String(), RANKED_SERDE))
            .aggregate(
                RANKED_HISTOGRAM::empty,
                (all, country, histogram) -> histogram.plus(country),
                (all, country, histogram) -> histogram.minus(country),
                Named.as("country-by-top-poster-aggregate"),
                store("country-by-top-poster-store", RANKED_HISTOGRAM));
    emit(
        AnalyticsTable.TOP_COUNTRY_BY_FOLLOWERS,
        countriesByTopPoster,
        (all, countries) ->
            JsonLine.object().field("country", countries.first().name())
                .field("follower_count", countries.first().value()).toString());

    // Pin with user.
    emit(
        AnalyticsTable.TOP_CATEGORY_BY_AGE_GROUP,
        histogram(pinWithUser, "category-by-age-group", CATEGORY_HISTOGRAM, Serdes.String(),
            post -> Groups.ageGroup(post.user().age()), post -> post.pin().category()),
        (group, categories) -> topCategory(JsonLine.object().field("age_group", group), categories));
    emit(
        AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP,
        histogram(pinWithUser, "followers-by-age-group", COUNT_HISTOGRAM, Serdes.Long(),
            post -> Groups.ageGroup(post.user().age()), post -> post.pin().followerCount()),
        (group, followers) ->
            JsonLine.object().field("age_group", group).field("median_follower_count", followers.lowerMedian()).toString());
    emit(
        AnalyticsTable.USERS_JOINED_BY_YEAR,
        pinWithUser
            .filter((number, post) -> joinYear(post) != null, Named.as("users-by-join-year-filter"))
            .groupBy(
                (number, post) -> KeyValue.pair(joinYear(post), number),
                Grouped.with("users-by-join-year", Serdes.String(), Serdes.String()))
            .count(Named.as("users-by-join-year-count"), countStore("users-by-join-year-store")),
        (year, users) ->
            users == 0 ? null : JsonLine.object().field("post_year", Long.parseLong(year)).field("number_users_joined", users).toString());
    emit(
        AnalyticsTable.MEDIAN_FOLLOWERS_BY_JOIN_YEAR,
        histogram(pinWithUser, "followers-by-join-year", COUNT_HISTOGRAM, Serdes.Long(),
            AnalyticsTopology::joinYear, post -> post.pin().followerCount()),
        (year, followers) ->
            JsonLine.object().field("post_year", Long.parseLong(year))
                .field("median_follower_count", followers.lowerMedian()).toString());
    emit(
        AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP_AND_JOIN_YEAR,
        histogram(pinWithUser, "followers-by-age-group-and-join-year", COUNT_HISTOGRAM, Serdes.Long(),
            post -> {
              String group = Groups.ageGroup(post.user().age());
              String year = joinYear(post);
              return group == null || year == null ? null : group + "|" + year;
            },
            post -> post.pin().followerCount()),
        (key, followers) -> {
          int bar = key.indexOf('|');
          return JsonLine.object().field("age_group", key.substring(0, bar))
              .field("post_year", Long.parseLong(key.substring(bar + 1)))
              .field("median_follower_count", followers.lowerMedian()).toString();
        });
  }

  /**
   * Groups the posts by {@code group} and keeps, per group, the histogram of {@code value}. Posts
   * whose group or value is null are left out (contract section 5).
   */
  private <V> KTable<String, Histogram<V>> histogram(
      KTable<String, Post> posts,
      String name,
      HistogramSerde<V> histogramSerde,
      Serde<V> valueSerde,
      Function<Post, String> group,
      Function<Post, V> value) {
    return posts
        .filter((number, post) -> group.apply(post) != null && value.apply(post) != null, Named.as(name + "-filter"))
        .groupBy(
            (number, post) -> KeyValue.pair(group.apply(post), value.apply(post)),
            Grouped.with(name, Serdes.String(), valueSerde))
        .aggregate(
            histogramSerde::empty,
            (key, added, histogram) -> histogram.plus(added),
            (key, removed, histogram) -> histogram.minus(removed),
            Named.as(name + "-aggregate"),
            store(name + "-store", histogramSerde));
  }

  /** Writes a table's answers to its topic; an empty group becomes a tombstone. */
  private <A> void emit(AnalyticsTable table, KTable<String, A> aggregates, BiFunction<String, A, String> answer) {
    String name = table.tableName().replace('_', '-');
    Topic<String, String> topic = topics.stats(table);
    aggregates
        .mapValues(
            (key, aggregate) -> aggregate == null || (aggregate instanceof Histogram<?> h && h.isEmpty()) ? null : answer.apply(key, aggregate),
            Named.as(name + "-answer"))
        .toStream(Named.as(name + "-changes"))
        .to(topic.name(), topic.produced(name + "-sink"));
  }

  private static String topCategory(JsonLine json, Histogram<String> categories) {
    Map.Entry<String, Long> top = categories.mostFrequent();
    return json.field("category", top.getKey()).field("category_count", top.getValue()).toString();
  }

  private static Ranked poster(Post post) {
    String name = post.pin().posterName();
    Long followers = post.pin().followerCount();
    return name == null || followers == null ? null : new Ranked(name, followers);
  }

  private static String joinYear(Post post) {
    return yearText(Groups.yearBetween(post.user().dateJoined(), Groups.FIRST_JOIN_YEAR, Groups.LAST_JOIN_YEAR));
  }

  private static String yearText(Integer year) {
    return year == null ? null : year.toString();
  }

  private <V> Materialized<String, Histogram<V>, KeyValueStore<Bytes, byte[]>> store(
      String name, HistogramSerde<V> serde) {
    return Materialized.<String, Histogram<V>, KeyValueStore<Bytes, byte[]>>as(name)
        .withStoreType(storeType)
        .withKeySerde(Serdes.String())
        .withValueSerde(serde);
  }

  private Materialized<String, Long, KeyValueStore<Bytes, byte[]>> countStore(String name) {
    return Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(name)
        .withStoreType(storeType)
        .withKeySerde(Serdes.String())
        .withValueSerde(Serdes.Long());
  }
}
