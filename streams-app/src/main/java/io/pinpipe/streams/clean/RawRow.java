package io.pinpipe.streams.clean;

import static io.pinpipe.streams.clean.RejectedInput.shown;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One raw row as it arrives on {@code pin}, {@code geo} or {@code user}: a JSON object with the
 * source table's column names. Typed readers reject a value that cannot be read as its column's
 * type; a missing field or JSON null reads as null; unknown fields are never looked at.
 */
public final class RawRow {

  /** MySQL TEXT holds at most 65,535 bytes: a longer string cannot have come from the tables. */
  static final int MAX_TEXT_CHARS = 65_535;

  private static final Pattern INTEGER = Pattern.compile("-?\\d+");
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private final JsonNode node;

  private RawRow(JsonNode node) {
    this.node = node;
  }

  /** Parses a raw value; rejects anything but one well-formed JSON object in UTF-8. */
  public static RawRow parse(byte[] value) {
    JsonNode node;
    try (JsonParser parser = JSON.getFactory().createParser(value)) {
      node = JSON.readTree(parser);
      if (node != null && parser.nextToken() != null) {
        throw new RejectedInput("not JSON: more than one value");
      }
    } catch (JsonProcessingException e) {
      throw new RejectedInput("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new RejectedInput("not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new RejectedInput("not a JSON object");
    }
    return new RawRow(node);
  }

  /** The post number: required, an integer that fits in 64 bits. */
  public long key(String field) {
    Long key = integer(field);
    if (key == null) {
      throw new RejectedInput("key field " + field + " is missing");
    }
    return key;
  }

  /** A string column; a number, boolean, array or object there is rejected. */
  public String text(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new RejectedInput(field + " is not a string but " + kind(value));
    }
    String text = value.textValue();
    if (text.length() > MAX_TEXT_CHARS) {
      throw new RejectedInput(field + " is longer than a MySQL TEXT (" + text.length() + " chars)");
    }
    return text;
  }

  /** An integer column, as a JSON integer or a string of digits, within 64 bits. */
  public Long integer(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    BigInteger integer;
    if (value.isIntegralNumber()) {
      integer = value.bigIntegerValue();
    } else if (value.isTextual() && INTEGER.matcher(value.textValue()).matches()) {
      integer = new BigInteger(value.textValue());
    } else if (value.isNumber() && isWhole(value.decimalValue())) {
      integer = value.decimalValue().toBigIntegerExact();
    } else {
      throw new RejectedInput(field + " is not an integer: " + describe(value));
    }
    if (integer.bitLength() > 63) {
      throw new RejectedInput(field + " does not fit in 64 bits: " + shown(integer.toString()));
    }
    return integer.longValue();
  }

  /** A FLOAT column, as a JSON number or a numeric string, finite. */
  public Double number(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    double number;
    if (value.isNumber()) {
      number = value.doubleValue();
    } else if (value.isTextual()) {
      try {
        number = Double.parseDouble(value.textValue().strip());
      } catch (NumberFormatException e) {
        throw new RejectedInput(field + " is not a number: " + describe(value));
      }
    } else {
      throw new RejectedInput(field + " is not a number: " + describe(value));
    }
    if (Double.isNaN(number) || Double.isInfinite(number)) {
      throw new RejectedInput(field + " is not a finite number: " + describe(value));
    }
    return number;
  }

  /** A DATETIME column in any of the forms the contract accepts. */
  public Instant dateTime(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return Timestamps.parse(field, value);
  }

  private static boolean isWhole(BigDecimal decimal) {
    return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
  }

  static String describe(JsonNode value) {
    return value.isTextual()
        ? shown(value.textValue())
        : kind(value) + " " + shown(value.toString());
  }

  private static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      default -> value.getNodeType().name().toLowerCase();
    };
  }
}
