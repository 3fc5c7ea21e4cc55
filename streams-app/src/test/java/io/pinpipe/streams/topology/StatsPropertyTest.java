package io.pinpipe.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.clean.Cleaning;
import io.pinpipe.streams.clean.RawRow;
import io.pinpipe.streams.stats.AnalyticsTable;
import io.pinpipe.streams.stats.StatsReference;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For random sequences of inserts, updates, re-deliveries and deletions of the three parts, in
 * random orders, every analytics table equals the answer recomputed from scratch over the final
 * posts. Values are drawn from small pools so that groups collide, ties happen and medians move.
 */
class StatsPropertyTest {

  private static final List<String> CATEGORIES = List.of("art", "beauty", "travel", "quotes");
  private static final List<String> COUNTRIES = List.of("Japan", "Chad", "Cote d'Ivoire");
  private static final List<String> POSTERS = List.of("A", "B", "C ", "D");
  private static final List<String> FOLLOWERS =
      List.of("0", "5", "12", "1k", "5k", "2M", "User Info Error");
  private static final List<String> TIMES =
      List.of(
          "2017-12-31 23:00:00",
          "2018-05-01 10:00:00",
          "2020-02-29 12:00:00",
          "2022-10-17 12:26:12",
          "1598586767000");
  private static final List<String> JOINED =
      List.of(
          "2015-10-21 08:27:36",
          "2016-01-01 00:00:00",
          "2017-10-16 02:56:01",
          "2021-03-03 03:03:03");

  static Stream<Arguments> seeds() {
    return LongStream.rangeClosed(1, 40)
        .boxed()
        .flatMap(seed -> Stream.of(Arguments.of(seed, true), Arguments.of(seed, false)));
  }

  @ParameterizedTest(name = "seed {0}, caching {1}")
  @MethodSource("seeds")
  void everyStatsTableEqualsTheAnswerFromScratch(long seed, boolean caching) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<Long, CleanPin> pins = new HashMap<>();
    Map<Long, CleanGeo> geos = new HashMap<>();
    Map<Long, CleanUser> users = new HashMap<>();
    try (TopologyHarness harness = new TopologyHarness(caching)) {
      int operations = 60 + random.nextInt(140);
      for (int i = 0; i < operations; i++) {
        long number = 1 + random.nextInt(25);
        SourcePart part = SourcePart.values()[random.nextInt(3)];
        if (random.nextInt(6) == 0) {
          harness.delete(part, number);
          (part == SourcePart.PIN ? pins : part == SourcePart.GEO ? geos : users).remove(number);
          continue;
        }
        RawRows.Row row = randomRow(part, number, random);
        harness.send(part, row);
        RawRow raw = RawRow.parse(row.json().getBytes(StandardCharsets.UTF_8));
        switch (part) {
          case PIN -> pins.put(number, Cleaning.pin(raw));
          case GEO -> geos.put(number, Cleaning.geo(raw));
          case USER -> users.put(number, Cleaning.user(raw));
        }
      }
      Map<AnalyticsTable, Map<String, String>> expected = StatsReference.compute(pins, geos, users);
      for (AnalyticsTable table : AnalyticsTable.values()) {
        assertThat(harness.stats(table)).as(table.tableName()).isEqualTo(expected.get(table));
      }
      long complete =
          pins.keySet().stream().filter(n -> geos.containsKey(n) && users.containsKey(n)).count();
      assertThat(harness.posts()).hasSize((int) complete);
      assertThat(harness.rejections()).isEmpty();
    }
  }

  private static RawRows.Row randomRow(SourcePart part, long number, SplittableRandom random) {
    return switch (part) {
      case PIN ->
          RawRows.pin(number)
              .with("category", pick(CATEGORIES, random))
              .with("poster_name", pick(POSTERS, random))
              .with("follower_count", pick(FOLLOWERS, random));
      case GEO ->
          RawRows.geo(number)
              .with("country", pick(COUNTRIES, random))
              .with("timestamp", pick(TIMES, random));
      case USER ->
          RawRows.user(number)
              .with("age", 15 + random.nextInt(50))
              .with("date_joined", pick(JOINED, random));
    };
  }

  private static String pick(List<String> values, SplittableRandom random) {
    return values.get(random.nextInt(values.size()));
  }
}
