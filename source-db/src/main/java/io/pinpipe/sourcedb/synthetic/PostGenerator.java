package io.pinpipe.sourcedb.synthetic;

import io.pinpipe.sourcedb.post.GeoRow;
import io.pinpipe.sourcedb.post.PinRow;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.post.UserRow;
import io.pinpipe.sourcedb.sample.SampleData;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Synthetic posts at any volume, in the raw format of contract section 1, whose distributions
 * follow the real sample: categories, placeholder patterns (the all-placeholder "story" rows
 * included), follower counts, ages and names are drawn from the sample's empirical distributions;
 * coordinates, join dates and post times uniformly over the real ranges.
 *
 * <p>Posters and countries depend on the {@link Profile}. The default, {@link Profile#REAL_SHAPED},
 * has the real data's shape at any volume: each post comes from a poster never seen before with
 * probability {@value #NEW_POSTER_PROBABILITY} (in the sample, 71% of posts are by a poster seen
 * nowhere else), else from the poster of a uniformly drawn earlier post, so busy posters get busier
 * as in real data; a poster keeps their follower count. Countries follow the real geolocation
 * table's skew (the largest about 5% of posts), every one of the original generator's 243 countries
 * possible. {@link Profile#SAMPLE_POSTERS} draws posters from the sample's 484 and countries
 * uniformly: the number of distinct posters then stops growing, which hides what grows with real
 * data.
 *
 * <p>Post {@code n} of seed {@code s} is always the same post, whatever else was generated before:
 * each post has its own random stream derived from the seed and its number.
 */
public final class PostGenerator {

  static final LocalDateTime JOINED_FROM = LocalDateTime.of(2015, 10, 1, 0, 0);
  static final LocalDateTime JOINED_UNTIL = LocalDateTime.of(2017, 11, 1, 0, 0);
  static final LocalDateTime POSTED_FROM = LocalDateTime.of(2017, 10, 1, 0, 0);
  static final LocalDateTime POSTED_UNTIL = LocalDateTime.of(2022, 11, 1, 0, 0);

  /** How posters and countries are drawn. */
  public enum Profile {
    /** New posters at the real rate, countries with the real skew: the default. */
    REAL_SHAPED,
    /** Posters drawn from the sample's, countries uniformly: the generator before real shapes. */
    SAMPLE_POSTERS
  }

  static final double NEW_POSTER_PROBABILITY = 0.6;

  private static final RealDataProfile REAL = new RealDataProfile(SampleData.posts());
  private static final long POSTER_STREAM = 0x5DEECE66DL;

  private final long seed;
  private final RealDataProfile profile;
  private final Profile drawn;

  public PostGenerator(long seed) {
    this(seed, Profile.REAL_SHAPED);
  }

  public PostGenerator(long seed, Profile shape) {
    this(seed, REAL, shape);
  }

  /** A generator whose distributions follow the given real posts instead of the bundled sample. */
  public PostGenerator(long seed, List<Post> realPosts) {
    this(seed, new RealDataProfile(realPosts), Profile.REAL_SHAPED);
  }

  private PostGenerator(long seed, RealDataProfile profile, Profile shape) {
    this.seed = seed;
    this.profile = profile;
    this.drawn = shape;
  }

  /** The post with this number: the same for the same seed and number, every time. */
  public Post post(int number) {
    SplittableRandom random = new SplittableRandom(mix(seed, number));
    return new Post(pin(number, random), geo(number, random), user(number, random));
  }

  /** Posts {@code first, first+1, ...}, {@code count} of them, generated lazily. */
  public Iterable<Post> posts(int first, int count) {
    return () ->
        new Iterator<>() {
          private int next = first;

          @Override
          public boolean hasNext() {
            return next - first < count;
          }

          @Override
          public Post next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return post(next++);
          }
        };
  }

  private PinRow pin(int number, SplittableRandom random) {
    String category = profile.categories.draw(random);
    RealDataProfile.Shape shape = profile.shapes.draw(random);
    PinRow content = pick(profile.contentByCategory.get(category), random);
    RealDataProfile.Poster poster =
        drawn == Profile.REAL_SHAPED
            ? poster(number)
            : pick(profile.postersByCategory.get(category), random);
    Set<Placeholder> placeholders = shape.placeholders();

    String title = or(placeholders, Placeholder.TITLE, content.title());
    String description =
        placeholders.contains(Placeholder.DESCRIPTION_STORY)
            ? Placeholder.DESCRIPTION_STORY.text()
            : or(placeholders, Placeholder.DESCRIPTION, content.description());
    String imageSrc = or(placeholders, Placeholder.IMAGE_SRC, content.imageSrc());
    return new PinRow(
        number,
        uuid(random),
        title,
        description,
        or(placeholders, Placeholder.POSTER_NAME, poster.name()),
        or(placeholders, Placeholder.FOLLOWER_COUNT, poster.followerCount()),
        or(placeholders, Placeholder.TAG_LIST, content.tagList()),
        shape.isImageOrVideo(),
        imageSrc,
        placeholders.contains(Placeholder.IMAGE_SRC) ? 0 : 1,
        "Local save in /data/" + category,
        category);
  }

  private GeoRow geo(int number, SplittableRandom random) {
    return new GeoRow(
        number,
        between(POSTED_FROM, POSTED_UNTIL, random),
        asStoredFloat(random.nextDouble(-90, 90)),
        asStoredFloat(random.nextDouble(-180, 180)),
        drawn == Profile.REAL_SHAPED
            ? profile.skewedCountries.draw(random)
            : pick(profile.countries, random));
  }

  /**
   * The poster of post {@code number}: a new one with probability {@link #NEW_POSTER_PROBABILITY},
   * else the poster of a uniformly drawn earlier post, followed back until a post that introduced
   * its poster (on average under two steps). Drawn from a stream of the post's own, so a post's
   * poster does not depend on which posts were generated before it.
   */
  private RealDataProfile.Poster poster(int number) {
    int post = number;
    while (true) {
      SplittableRandom random = new SplittableRandom(mix(seed ^ POSTER_STREAM, post));
      if (post <= 1 || random.nextDouble() < NEW_POSTER_PROBABILITY) {
        RealDataProfile.Poster model = pick(profile.posters, random);
        // The sample's name shapes, made unique by the number of the post that introduced them.
        return new RealDataProfile.Poster(
            model.name() + " " + Integer.toString(post, 36), model.followerCount());
      }
      post = 1 + random.nextInt(post - 1);
    }
  }

  private UserRow user(int number, SplittableRandom random) {
    return new UserRow(
        number,
        pick(profile.firstNames, random),
        pick(profile.lastNames, random),
        profile.ages.draw(random),
        between(JOINED_FROM, JOINED_UNTIL, random));
  }

  private static String or(Set<Placeholder> placeholders, Placeholder placeholder, String value) {
    return placeholders.contains(placeholder) ? placeholder.text() : value;
  }

  private static <T> T pick(List<T> values, SplittableRandom random) {
    return values.get(random.nextInt(values.size()));
  }

  /** A random (version 4) UUID from the post's own stream, lowercase as in real data. */
  private static String uuid(SplittableRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private static LocalDateTime between(
      LocalDateTime from, LocalDateTime until, SplittableRandom random) {
    long start = from.toEpochSecond(ZoneOffset.UTC);
    long end = until.toEpochSecond(ZoneOffset.UTC);
    return LocalDateTime.ofEpochSecond(random.nextLong(start, end), 0, ZoneOffset.UTC);
  }

  /** Six significant digits, as the real coordinates have: what MySQL shows of a FLOAT. */
  static float asStoredFloat(double value) {
    if (value == 0) {
      return 0f;
    }
    int integerDigits = (int) Math.floor(Math.log10(Math.abs(value))) + 1;
    double scale = Math.pow(10, 6 - integerDigits);
    return (float) (Math.round(value * scale) / scale);
  }

  private static long mix(long seed, int number) {
    long z = seed * 0x9E3779B97F4A7C15L + number;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
