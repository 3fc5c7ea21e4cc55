package io.pinpipe.streams.clean;

import com.fasterxml.jackson.databind.JsonNode;
import io.pinpipe.streams.json.UtcTimes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The date-time forms that occur on the wire (contract section 2): {@code 2020-08-28 03:52:47},
 * {@code 2020-08-28T03:52:47}, either with a fraction and with or without a zone ({@code Z}, {@code
 * +01:00}), and epoch milliseconds as a number or a string of digits. Without a zone the time is
 * UTC. The usual form, seconds without a zone, is read by {@link UtcTimes} without the JDK's
 * formatters.
 */
final class Timestamps {

  private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,18}");
  private static final Pattern HAS_ZONE = Pattern.compile(".*(Z|[+-]\\d{2}:?\\d{2})$");

  private Timestamps() {}

  static Instant parse(String field, JsonNode value) {
    if (value.isIntegralNumber()) {
      if (!value.canConvertToLong()) {
        throw new RejectedInput(field + " epoch milliseconds do not fit in 64 bits");
      }
      return epochMillis(field, value.longValue());
    }
    if (!value.isTextual()) {
      throw new RejectedInput(field + " is not a date-time: " + RawRow.describe(value));
    }
    String text = value.textValue().strip();
    Instant plain = UtcTimes.parseOrNull(text);
    if (plain != null) {
      return plain;
    }
    if (EPOCH_MILLIS.matcher(text).matches()) {
      return epochMillis(field, Long.parseLong(text));
    }
    String iso =
        text.length() > 10 && text.charAt(10) == ' '
            ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
    try {
      if (HAS_ZONE.matcher(iso).matches()) {
        return OffsetDateTime.parse(
                iso.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2"),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant();
      }
      return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new RejectedInput(field + " is not a date-time: " + RejectedInput.shown(text));
    }
  }

  private static Instant epochMillis(String field, long millis) {
    try {
      return Instant.ofEpochMilli(millis);
    } catch (RuntimeException e) {
      throw new RejectedInput(field + " epoch milliseconds out of range: " + millis);
    }
  }
}
