package io.pinpipe.connect.offset;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where reading a table resumes: the last key delivered (every key up to it has been delivered or
 * declared a permanent gap), and in timestamp+incrementing mode the timestamp of that row. Stored
 * by Connect as a map with a protocol version, so that a later release can read what an earlier
 * one wrote and refuse what it cannot.
 *
 * @param lastKey the last delivered key, or null before the first row
 * @param lastTimestamp the last delivered row's timestamp column (timestamp mode only), or null
 */
public record TableOffset(Long lastKey, LocalDateTime lastTimestamp) {

  public static final int PROTOCOL = 1;

  static final String PROTOCOL_KEY = "protocol";
  static final String KEY = "key";
  static final String TIMESTAMP = "timestamp";

  /** Nothing read yet: the first poll loads the table from its first row. */
  public static final TableOffset START = new TableOffset(null, null);

  public TableOffset next(long key, LocalDateTime timestamp) {
    return new TableOffset(key, timestamp);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(PROTOCOL_KEY, PROTOCOL);
    if (lastKey != null) {
      map.put(KEY, lastKey);
    }
    if (lastTimestamp != null) {
      map.put(TIMESTAMP, lastTimestamp.toString());
    }
    return map;
  }

  /** Reads a stored offset; null (no offset yet) is the start. */
  public static TableOffset fromMap(Map<String, ?> map) {
    if (map == null || map.isEmpty()) {
      return START;
    }
    Object protocol = map.get(PROTOCOL_KEY);
    if (!(protocol instanceof Number number) || number.intValue() != PROTOCOL) {
      throw new IllegalArgumentException(
          "unsupported offset protocol " + protocol + " (this connector reads protocol " + PROTOCOL + "): " + map);
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
    return new TableOffset(key == null ? null : ((Number) key).longValue(), parsed);
  }
}
