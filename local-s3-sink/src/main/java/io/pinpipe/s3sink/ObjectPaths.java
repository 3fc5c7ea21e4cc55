package io.pinpipe.s3sink;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Object names as Confluent's S3 sink writes them: {@code <topics.dir>/<topic>/<encoded
 * partition>/<topic>+<kafka partition>+<start offset>.json.gz}, where the encoded partition is
 * either {@code partition=<n>} or the record time formatted with {@code path.format}, floored to
 * {@code partition.duration.ms}.
 */
final class ObjectPaths {

  private final String topicsDir;
  private final boolean timeBased;
  private final long durationMs;
  private final DateTimeFormatter format;
  private final int padding;
  private final String extension;

  ObjectPaths(S3SinkConfig config) {
    this.topicsDir = config.getString("topics.dir");
    this.timeBased = S3SinkConfig.TIME_BASED.equals(config.getString("partitioner.class"));
    this.durationMs = config.getLong("partition.duration.ms");
    this.format =
        timeBased
            ? formatter(
                config.getString("path.format"),
                config.getString("locale"),
                config.getString("timezone"))
            : null;
    this.padding = config.getInt("filename.offset.zero.pad.width");
    this.extension = "gzip".equals(config.getString("s3.compression.type")) ? ".json.gz" : ".json";
  }

  /** The encoded partition of a record. */
  String encodedPartition(int kafkaPartition, long timestampMs) {
    if (!timeBased) {
      return "partition=" + kafkaPartition;
    }
    long floored = Math.floorDiv(timestampMs, durationMs) * durationMs;
    return format.format(Instant.ofEpochMilli(floored));
  }

  String objectKey(String topic, String encodedPartition, int kafkaPartition, long startOffset) {
    String offset =
        padding == 0
            ? Long.toString(startOffset)
            : String.format("%0" + padding + "d", startOffset);
    return topicsDir
        + "/"
        + topic
        + "/"
        + encodedPartition
        + "/"
        + topic
        + "+"
        + kafkaPartition
        + "+"
        + offset
        + extension;
  }

  /**
   * Joda-Time patterns (what Confluent's path.format uses) to java.time: Joda's YYYY is the year of
   * era, which java.time writes yyyy (java.time's Y is the week-based year); quoted text and the
   * other letters used in paths (MM, dd, HH, mm) mean the same in both.
   */
  static DateTimeFormatter formatter(String jodaPattern, String locale, String zone) {
    StringBuilder pattern = new StringBuilder();
    boolean quoted = false;
    for (char c : jodaPattern.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      }
      pattern.append(!quoted && c == 'Y' ? 'y' : c);
    }
    Locale parsedLocale =
        locale == null || locale.isBlank()
            ? Locale.ROOT
            : Locale.forLanguageTag(locale.replace('_', '-'));
    return DateTimeFormatter.ofPattern(pattern.toString(), parsedLocale).withZone(ZoneId.of(zone));
  }
}
