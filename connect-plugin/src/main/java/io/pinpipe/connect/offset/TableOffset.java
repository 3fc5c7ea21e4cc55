package io.pinpipe.connect.offset;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where reading a table resumes: the last key delivered (every key up to it has been delivered,
 * declared a permanent gap, or is listed in {@code passed}), in timestamp+incrementing mode the
 * timestamp of that row, and the ranges of keys the reader moved past while an open transaction
 * held one of them, which are re-checked until a horizon. Stored by Connect as a map with a
 * protocol version, so that a later release can read what an earlier one wrote and refuse what it
 * cannot: protocol 1 without passed ranges, 2 with them (so an offset without any stays readable by
 * a release that knows only 1).
 *
 * @param lastKey the last delivered key, or null before the first row
 * @param lastTimestamp the last delivered row's timestamp column (timestamp mode only), or null
 * @param passed key ranges moved past while held, oldest first; at most {@link #MAX_PASSED}
 */
public record TableOffset(Long lastKey, LocalDateTime lastTimestamp, List<PassedRange> passed) {

  public static final int PROTOCOL = 1;
  public static final int PROTOCOL_WITH_PASSED = 2;

  /**
   * How many passed ranges an offset keeps: an offset is small, and each range costs a query per
   * poll.
   */
  public static final int MAX_PASSED = 64;

  static final String PROTOCOL_KEY = "protocol";
  static final String KEY = "key";
  static final String TIMESTAMP = "timestamp";
  static final String PASSED = "passed";

  /** Nothing read yet: the first poll loads the table from its first row. */
  public static final TableOffset START = new TableOffset(null, null);

  /**
   * Keys {@code from..to} that reading moved past at {@code at} (database clock) while an open
   * transaction held one of them. Written in an offset as {@code from..to@at}.
   */
  public record PassedRange(long from, long to, LocalDateTime at) {

    public PassedRange {
      if (from > to) {
        throw new IllegalArgumentException("empty range " + from + ".." + to);
      }
    }

    String encode() {
      return from + ".." + to + "@" + at;
    }

    static PassedRange decode(String text) {
      int dots = text.indexOf("..", 1);
      int at = text.indexOf('@');
      if (dots < 0 || at < dots) {
        throw new IllegalArgumentException("not a passed range (from..to@time): " + text);
      }
      return new PassedRange(
          Long.parseLong(text.substring(0, dots)),
          Long.parseLong(text.substring(dots + 2, at)),
          LocalDateTime.parse(text.substring(at + 1)));
    }
  }

  public TableOffset {
    passed = List.copyOf(passed);
  }

  public TableOffset(Long lastKey, LocalDateTime lastTimestamp) {
    this(lastKey, lastTimestamp, List.of());
  }

  public TableOffset next(long key, LocalDateTime timestamp) {
    return new TableOffset(key, timestamp, passed);
  }

  /**
   * With {@code range} added; past {@link #MAX_PASSED} the oldest range is dropped (the caller says
   * so).
   */
  public TableOffset withPassed(PassedRange range) {
    List<PassedRange> ranges = new ArrayList<>(passed);
    ranges.add(range);
    while (ranges.size() > MAX_PASSED) {
      ranges.remove(0);
    }
    return new TableOffset(lastKey, lastTimestamp, ranges);
  }

  /** With the ranges that lie within {@code from..to} no longer re-checked. */
  public TableOffset withoutWithin(long from, long to) {
    List<PassedRange> ranges = new ArrayList<>(passed);
    ranges.removeIf(range -> range.from() >= from && range.to() <= to);
    return new TableOffset(lastKey, lastTimestamp, ranges);
  }

  /**
   * With {@code key} taken out of the range that holds it (it arrived): that range splits around
   * it.
   */
  public TableOffset withArrived(long key) {
    List<PassedRange> ranges = new ArrayList<>();
    for (PassedRange range : passed) {
      if (key < range.from() || key > range.to()) {
        ranges.add(range);
        continue;
      }
      if (range.from() < key) {
        ranges.add(new PassedRange(range.from(), key - 1, range.at()));
      }
      if (key < range.to()) {
        ranges.add(new PassedRange(key + 1, range.to(), range.at()));
      }
    }
    return new TableOffset(lastKey, lastTimestamp, ranges);
  }

  /**
   * The same offset with every key mapped by {@code keys}, which must keep their order (ranges stay
   * ranges).
   */
  public TableOffset mapKeys(java.util.function.LongUnaryOperator keys) {
    List<PassedRange> ranges = new ArrayList<>();
    for (PassedRange range : passed) {
      ranges.add(
          new PassedRange(
              keys.applyAsLong(range.from()), keys.applyAsLong(range.to()), range.at()));
    }
    return new TableOffset(
        lastKey == null ? null : keys.applyAsLong(lastKey), lastTimestamp, ranges);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(PROTOCOL_KEY, passed.isEmpty() ? PROTOCOL : PROTOCOL_WITH_PASSED);
    if (lastKey != null) {
      map.put(KEY, lastKey);
    }
    if (lastTimestamp != null) {
      map.put(TIMESTAMP, lastTimestamp.toString());
    }
    if (!passed.isEmpty()) {
      // Connect stores offsets as maps of primitives: the ranges go as one string.
      map.put(PASSED, String.join(",", passed.stream().map(PassedRange::encode).toList()));
    }
    return map;
  }

  /** Reads a stored offset; null (no offset yet) is the start. */
  public static TableOffset fromMap(Map<String, ?> map) {
    if (map == null || map.isEmpty()) {
      return START;
    }
    Object protocol = map.get(PROTOCOL_KEY);
    if (!(protocol instanceof Number number)
        || (number.intValue() != PROTOCOL && number.intValue() != PROTOCOL_WITH_PASSED)) {
      throw new IllegalArgumentException(
          "unsupported offset protocol "
              + protocol
              + " (this connector reads protocols "
              + PROTOCOL
              + " and "
              + PROTOCOL_WITH_PASSED
              + "): "
              + map);
    }
    Object key = map.get(KEY);
    if (key != null && !(key instanceof Number)) {
      throw new IllegalArgumentException("offset key is not a number: " + map);
    }
    Object timestamp = map.get(TIMESTAMP);
    LocalDateTime parsed = null;
    if (timestamp != null) {
      try {
        parsed = LocalDateTime.parse(timestamp.toString());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("offset timestamp is not a date-time: " + map, e);
      }
    }
    List<PassedRange> passed = new ArrayList<>();
    Object ranges = map.get(PASSED);
    if (ranges != null && !ranges.toString().isEmpty()) {
      try {
        for (String range : ranges.toString().split(",")) {
          passed.add(PassedRange.decode(range));
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("offset passed ranges are unreadable: " + map, e);
      }
    }
    return new TableOffset(key == null ? null : ((Number) key).longValue(), parsed, passed);
  }
}
