package io.pinpipe.streams.clean;

import static io.pinpipe.streams.clean.RejectedInput.shown;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cleaning rules of contract section 3 as plain functions from a raw row to a clean record.
 * Each throws {@link RejectedInput} with the reason when the row cannot be read.
 */
public final class Cleaning {

  /** Placeholders the scraper wrote for missing data, per column; each becomes null there. */
  static final Map<String, Set<String>> PLACEHOLDERS =
      Map.of(
          "title", Set.of("No Title Data Available"),
          "description",
              Set.of("No description available Story format", "No description available"),
          "poster_name", Set.of("User Info Error"),
          "follower_count", Set.of("User Info Error"),
          "tag_list", Set.of("N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e"),
          "image_src", Set.of("Image src error."));

  static final String SAVE_LOCATION_PREFIX = "Local save in ";

  private static final Pattern COUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)([kM]?)");

  private Cleaning() {}

  public static CleanPin pin(RawRow row) {
    return new CleanPin(
        row.key("index"),
        column(row, "unique_id"),
        column(row, "title"),
        column(row, "description"),
        followerCount(row),
        column(row, "poster_name"),
        column(row, "tag_list"),
        column(row, "is_image_or_video"),
        column(row, "image_src"),
        saveLocation(column(row, "save_location")),
        column(row, "category"));
  }

  public static CleanGeo geo(RawRow row) {
    long ind = row.key("ind");
    Double latitude = inRange(row, "latitude", 90);
    Double longitude = inRange(row, "longitude", 180);
    return new CleanGeo(
        ind, column(row, "country"), latitude, longitude, row.dateTime("timestamp"));
  }

  public static CleanUser user(RawRow row) {
    long ind = row.key("ind");
    String first = column(row, "first_name");
    String last = column(row, "last_name");
    String userName = first == null ? last : last == null ? first : first + " " + last;
    return new CleanUser(ind, userName, row.integer("age"), row.dateTime("date_joined"));
  }

  /** A text column with its placeholders and the empty string turned into null. */
  static String column(RawRow row, String field) {
    String value = row.text(field);
    if (value == null
        || value.isEmpty()
        || PLACEHOLDERS.getOrDefault(field, Set.of()).contains(value)) {
      return null;
    }
    return value;
  }

  /** {@code 124k} is 124,000, {@code 2M} 2,000,000, {@code 0} 0; a JSON integer is taken as is. */
  static Long followerCount(RawRow row) {
    String text;
    try {
      text = column(row, "follower_count");
    } catch (RejectedInput notText) {
      return row.integer("follower_count");
    }
    if (text == null) {
      return null;
    }
    Matcher matcher = COUNT.matcher(text);
    if (!matcher.matches()) {
      throw new RejectedInput("follower_count is not a count: " + shown(text));
    }
    BigDecimal count = new BigDecimal(matcher.group(1));
    switch (matcher.group(2)) {
      case "k" -> count = count.scaleByPowerOfTen(3);
      case "M" -> count = count.scaleByPowerOfTen(6);
      default -> {}
    }
    BigInteger whole;
    try {
      whole = count.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new RejectedInput("follower_count is not a whole number: " + shown(text));
    }
    if (whole.bitLength() > 63) {
      throw new RejectedInput("follower_count does not fit in 64 bits: " + shown(text));
    }
    return whole.longValue();
  }

  static String saveLocation(String value) {
    return value != null && value.startsWith(SAVE_LOCATION_PREFIX)
        ? value.substring(SAVE_LOCATION_PREFIX.length())
        : value;
  }

  private static Double inRange(RawRow row, String field, double bound) {
    Double value = row.number(field);
    if (value != null && (value < -bound || value > bound)) {
      throw new RejectedInput(
          field + " is out of range [-" + (int) bound + ", " + (int) bound + "]: " + value);
    }
    return value;
  }
}
