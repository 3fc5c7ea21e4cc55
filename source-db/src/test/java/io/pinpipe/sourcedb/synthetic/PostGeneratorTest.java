package io.pinpipe.sourcedb.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pinpipe.sourcedb.post.PinRow;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.sample.SampleData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator's distributions against the real sample's. Tolerances are absolute differences of
 * proportions; with 100,000 draws the sampling error of a proportion is at most 0.16 points, so
 * each bound is several standard errors wide and the test is stable for any seed.
 */
class PostGeneratorTest {

  private static final int DRAWS = 100_000;
  private static List<Post> real;
  private static List<Post> generated;

  @BeforeAll
  static void generate() {
    real = SampleData.posts();
    generated = new ArrayList<>(DRAWS);
    new PostGenerator(42).posts(1, DRAWS).forEach(generated::add);
  }

  @Test
  void isDeterministicForASeedAndIndependentOfOrder() {
    PostGenerator one = new PostGenerator(7);
    PostGenerator other = new PostGenerator(7);
    assertThat(one.post(1234)).isEqualTo(other.post(1234));
    assertThat(StreamSupport.stream(one.posts(10, 5).spliterator(), false).toList())
        .containsExactly(
            other.post(10), other.post(11), other.post(12), other.post(13), other.post(14));
    assertThat(new PostGenerator(8).post(1234)).isNotEqualTo(one.post(1234));
  }

  @Test
  void numbersThePostsAsAsked() {
    assertThat(generated.get(0).number()).isEqualTo(1);
    assertThat(generated.get(DRAWS - 1).number()).isEqualTo(DRAWS);
  }

  @Test
  void categoriesFollowTheRealMixWithinOnePoint() {
    assertProportionsClose(post -> post.pin().category(), 0.01);
    assertThat(distinct(post -> post.pin().category())).hasSize(13);
  }

  @Test
  void placeholderRateIsAboutTenPercentAsInRealData() {
    double realRate = proportion(real, p -> !Placeholder.in(p.pin()).isEmpty());
    double generatedRate = proportion(generated, p -> !Placeholder.in(p.pin()).isEmpty());
    assertThat(realRate).isCloseTo(0.10, within(0.001));
    assertThat(generatedRate).isCloseTo(realRate, within(0.01));
  }

  @Test
  void placeholderPatternsAreTheRealOnesIncludingAllAtOnceStoryRows() {
    Set<Set<Placeholder>> realPatterns =
        real.stream().map(p -> Placeholder.in(p.pin())).collect(Collectors.toSet());
    assertThat(generated)
        .allSatisfy(p -> assertThat(realPatterns).contains(Placeholder.in(p.pin())));
    Set<Placeholder> story =
        Set.of(
            Placeholder.TITLE,
            Placeholder.DESCRIPTION_STORY,
            Placeholder.POSTER_NAME,
            Placeholder.FOLLOWER_COUNT,
            Placeholder.TAG_LIST,
            Placeholder.IMAGE_SRC);
    assertProportionsClose(post -> Placeholder.in(post.pin()).equals(story), 0.005);
    assertThat(generated)
        .filteredOn(p -> Placeholder.in(p.pin()).contains(Placeholder.DESCRIPTION_STORY))
        .allSatisfy(
            p -> assertThat(p.pin().isImageOrVideo()).isEqualTo("multi-video(story page format)"));
  }

  @Test
  void downloadedIsZeroExactlyWhenTheImageIsMissing() {
    assertThat(generated)
        .allSatisfy(
            p ->
                assertThat(p.pin().downloaded() == 0)
                    .isEqualTo(Placeholder.IMAGE_SRC.text().equals(p.pin().imageSrc())));
  }

  @Test
  void followerCountShapesFollowTheRealMix() {
    assertProportionsClose(post -> followerShape(post.pin()), 0.02);
  }

  @Test
  void countriesAreTheOriginal243() {
    assertThat(distinct(post -> post.geo().country())).hasSize(243);
    Set<String> realCountries = new HashSet<>();
    real.forEach(p -> realCountries.add(p.geo().country()));
    assertThat(distinct(post -> post.geo().country())).containsAll(realCountries);
  }

  @Test
  void aboutSixInTenPostsComeFromAPosterNotSeenBeforeSoPostersGrowWithTheData() {
    Set<String> seen = new HashSet<>();
    long firstPosts = 0;
    long namedPosts = 0;
    for (Post post : generated) {
      if (!Placeholder.in(post.pin()).contains(Placeholder.POSTER_NAME)) {
        namedPosts++;
        if (seen.add(post.pin().posterName())) {
          firstPosts++;
        }
      }
    }
    assertThat((double) firstPosts / namedPosts)
        .isCloseTo(PostGenerator.NEW_POSTER_PROBABILITY, within(0.01));
    // A poster keeps their follower count, however many posts they make.
    Map<String, Set<String>> followersByPoster =
        generated.stream()
            .filter(p -> Placeholder.in(p.pin()).isEmpty())
            .collect(
                Collectors.groupingBy(
                    p -> p.pin().posterName(),
                    Collectors.mapping(p -> p.pin().followerCount(), Collectors.toSet())));
    assertThat(followersByPoster.values()).allSatisfy(counts -> assertThat(counts).hasSize(1));
    // The busiest poster is busy, as preferential attachment makes them, but far from all posts.
    long busiest =
        generated.stream()
            .collect(Collectors.groupingBy(p -> p.pin().posterName(), Collectors.counting()))
            .entrySet()
            .stream()
            .filter(e -> !e.getKey().equals(Placeholder.POSTER_NAME.text()))
            .mapToLong(Map.Entry::getValue)
            .max()
            .orElseThrow();
    assertThat(busiest).isBetween(10L, DRAWS / 100L);
  }

  @Test
  void countriesAreSkewedLikeTheRealGeolocationTable() {
    Map<String, Long> perCountry =
        generated.stream()
            .collect(Collectors.groupingBy(p -> p.geo().country(), Collectors.counting()));
    double largest =
        (double) perCountry.values().stream().mapToLong(Long::longValue).max().orElseThrow()
            / DRAWS;
    assertThat(largest).isBetween(0.03, 0.06);
    assertThat(perCountry.get("Albania")).isGreaterThan(10L * perCountry.get("Zimbabwe"));
  }

  @Test
  void theSampleProfileDrawsFromTheSamplesPosters() {
    Set<String> realPosters = new HashSet<>();
    real.forEach(p -> realPosters.add(p.pin().posterName()));
    PostGenerator sampleShaped = new PostGenerator(42, PostGenerator.Profile.SAMPLE_POSTERS);
    assertThat(sampleShaped.posts(1, 20_000))
        .allSatisfy(p -> assertThat(realPosters).contains(p.pin().posterName()));
  }

  @Test
  void agesDatesAndCoordinatesStayInTheRealRanges() {
    assertThat(generated)
        .allSatisfy(
            p -> {
              assertThat(p.user().age()).isBetween(20, 60);
              assertThat(p.user().dateJoined())
                  .isAfterOrEqualTo(PostGenerator.JOINED_FROM)
                  .isBefore(PostGenerator.JOINED_UNTIL);
              assertThat(p.geo().timestamp())
                  .isAfterOrEqualTo(PostGenerator.POSTED_FROM)
                  .isBefore(PostGenerator.POSTED_UNTIL);
              assertThat(p.geo().latitude()).isBetween(-90f, 90f);
              assertThat(p.geo().longitude()).isBetween(-180f, 180f);
              assertThat(p.pin().uniqueId())
                  .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            });
    assertProportionsClose(post -> post.user().age() < 25, 0.01);
  }

  @Test
  void coordinatesHaveSixSignificantDigitsLikeTheDatabasePrintsThem() {
    assertThat(PostGenerator.asStoredFloat(-89.97871234)).isEqualTo(-89.9787f);
    assertThat(PostGenerator.asStoredFloat(-118.3964)).isEqualTo(-118.396f);
    assertThat(PostGenerator.asStoredFloat(5.0123456)).isEqualTo(5.01235f);
  }

  private static String followerShape(PinRow pin) {
    String count = pin.followerCount();
    if (count.endsWith("k")) {
      return "k";
    } else if (count.endsWith("M")) {
      return "M";
    } else if (count.chars().allMatch(Character::isDigit)) {
      return "plain";
    }
    return "placeholder";
  }

  private static <T> void assertProportionsClose(Function<Post, T> feature, double tolerance) {
    Map<T, Long> realCounts =
        real.stream().collect(Collectors.groupingBy(feature, Collectors.counting()));
    Map<T, Long> generatedCounts =
        generated.stream().collect(Collectors.groupingBy(feature, Collectors.counting()));
    assertThat(generatedCounts.keySet()).isEqualTo(realCounts.keySet());
    realCounts.forEach(
        (value, count) ->
            assertThat((double) generatedCounts.get(value) / DRAWS)
                .as("share of %s", value)
                .isCloseTo((double) count / real.size(), within(tolerance)));
  }

  private static double proportion(List<Post> posts, java.util.function.Predicate<Post> test) {
    return (double) posts.stream().filter(test).count() / posts.size();
  }

  private static <T> Set<T> distinct(Function<Post, T> feature) {
    return generated.stream().map(feature).collect(Collectors.toSet());
  }
}
