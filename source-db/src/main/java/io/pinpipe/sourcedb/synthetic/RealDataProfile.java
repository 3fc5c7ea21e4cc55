package io.pinpipe.sourcedb.synthetic;

import io.pinpipe.sourcedb.post.PinRow;
import io.pinpipe.sourcedb.post.Post;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The empirical distributions of the real sample that synthetic posts are drawn from: categories,
 * placeholder patterns with their media type, poster and follower counts per category, content per
 * category, ages and names. Countries come from the 243 names the original data generator used
 * ({@code countries.txt}), not just the ones the sample happens to contain.
 */
final class RealDataProfile {

  /** A placeholder pattern together with the media type real rows of that pattern have. */
  record Shape(Set<Placeholder> placeholders, String isImageOrVideo) {}

  /** A poster and its follower count, kept together as they appear in real rows. */
  record Poster(String name, String followerCount) {}

  final Weighted<String> categories;
  final Weighted<Shape> shapes;
  final Map<String, List<PinRow>> contentByCategory = new HashMap<>();
  final Map<String, List<Poster>> postersByCategory = new HashMap<>();
  final Weighted<Integer> ages;
  final List<String> firstNames = new ArrayList<>();
  final List<String> lastNames = new ArrayList<>();
  final List<String> countries;

  /** Every poster of a placeholder-free real row, with their follower count. */
  final List<Poster> posters = new ArrayList<>();

  /**
   * The real geolocation rows' countries in their observed proportions, plus each of the 243 once
   * so that every country stays possible.
   */
  final Weighted<String> skewedCountries;

  RealDataProfile(List<Post> sample) {
    List<String> categoryObservations = new ArrayList<>();
    List<Shape> shapeObservations = new ArrayList<>();
    List<Integer> ageObservations = new ArrayList<>();
    List<String> countryObservations = new ArrayList<>();
    for (Post post : sample) {
      PinRow pin = post.pin();
      Set<Placeholder> placeholders = Placeholder.in(pin);
      categoryObservations.add(pin.category());
      shapeObservations.add(new Shape(placeholders, pin.isImageOrVideo()));
      if (placeholders.isEmpty()) {
        contentByCategory.computeIfAbsent(pin.category(), c -> new ArrayList<>()).add(pin);
        postersByCategory
            .computeIfAbsent(pin.category(), c -> new ArrayList<>())
            .add(new Poster(pin.posterName(), pin.followerCount()));
        posters.add(new Poster(pin.posterName(), pin.followerCount()));
      }
      countryObservations.add(post.geo().country());
      ageObservations.add(post.user().age());
      firstNames.add(post.user().firstName());
      lastNames.add(post.user().lastName());
    }
    categories = Weighted.of(categoryObservations);
    shapes = Weighted.of(shapeObservations);
    ages = Weighted.of(ageObservations);
    countries = readCountries();
    countryObservations.addAll(countries);
    skewedCountries = Weighted.of(countryObservations);
    for (String category : categories.values()) {
      if (!contentByCategory.containsKey(category)) {
        throw new IllegalArgumentException(
            "the sample has no placeholder-free row of category " + category);
      }
    }
  }

  private static List<String> readCountries() {
    try (InputStream in = RealDataProfile.class.getResourceAsStream("countries.txt")) {
      if (in == null) {
        throw new IllegalStateException("countries.txt missing from the classpath");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .filter(line -> !line.isBlank())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
