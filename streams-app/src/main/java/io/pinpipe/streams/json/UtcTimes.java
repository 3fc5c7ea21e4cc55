package io.pinpipe.streams.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The one date-time form the app writes, {@code 2020-08-28T03:52:47Z} (with {@code .SSS} before the
 * {@code Z} when there are milliseconds), written and read digit by digit. Every cleaned record and
 * post carries one or two, and {@code DateTimeFormatter} cost a fifteenth of a stream thread's
 * time; anything not in exactly this shape is left to the JDK's parsers by the callers.
 */
public final class UtcTimes {

  private UtcTimes() {}

  /** {@code 2020-08-28T03:52:47Z}, or {@code 2020-08-28T03:52:47.120Z}; sub-millis are dropped. */
  public static String format(Instant instant) {
    long millis = instant.toEpochMilli();
    long seconds = Math.floorDiv(millis, 1000);
    int milli = (int) Math.floorMod(millis, 1000);
    LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    int year = time.getYear();
    if (year < 0 || year > 9999) {
      // ISO-8601 needs a sign and more digits out here; the JDK writes that form.
      return Instant.ofEpochMilli(millis).toString();
    }
    StringBuilder text = new StringBuilder(24);
    digits(text, year, 4).append('-');
    digits(text, time.getMonthValue(), 2).append('-');
    digits(text, time.getDayOfMonth(), 2).append('T');
    digits(text, time.getHour(), 2).append(':');
    digits(text, time.getMinute(), 2).append(':');
    digits(text, time.getSecond(), 2);
    if (milli != 0) {
      digits(text.append('.'), milli, 3);
    }
    return text.append('Z').toString();
  }

  /**
   * Reads {@code yyyy-MM-ddTHH:mm:ss} (a space in place of the {@code T} too), with an optional
   * {@code Z}, as UTC. Null when the text has any other shape or names no real date-time: the
   * caller then asks the JDK's parser, which accepts the other ISO forms and says what is wrong.
   */
  public static Instant parseOrNull(String text) {
    int length = text.length();
    if (length != 19 && !(length == 20 && text.charAt(19) == 'Z')) {
      return null;
    }
    char separator = text.charAt(10);
    if (text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (separator != 'T' && separator != ' ')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    int hour = number(text, 11, 2);
    int minute = number(text, 14, 2);
    int second = number(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException noSuchTime) {
      return null;
    }
  }

  /** The decimal number in {@code count} ASCII digits from {@code start}, or -1. */
  private static int number(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static StringBuilder digits(StringBuilder text, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      text.append('0');
    }
    return text.append(digits);
  }
}
