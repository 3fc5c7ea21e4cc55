package io.pinpipe.streams.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * Writes one JSON object with its fields in the order given, in the form the contract's expected
 * files use (Python's {@code json.dumps} with {@code ensure_ascii=False}): {@code ", "} and {@code
 * ": "} as separators, non-ASCII text as is, floats as the shortest text that reads back as the
 * same double. Byte-identical output is what lets tests compare whole files.
 */
public final class JsonLine {

  // Room for a whole post (about a kilobyte with its description) without regrowing.
  private final StringBuilder text = new StringBuilder(1024).append('{');
  private boolean empty = true;

  public static JsonLine object() {
    return new JsonLine();
  }

  public JsonLine field(String name, String value) {
    name(name);
    if (value == null) {
      text.append("null");
    } else {
      appendString(text, value);
    }
    return this;
  }

  public JsonLine field(String name, Long value) {
    name(name);
    text.append(value == null ? "null" : value.toString());
    return this;
  }

  public JsonLine field(String name, long value) {
    name(name);
    text.append(value);
    return this;
  }

  /** A list of doubles, each written as Python writes a float; null for a null list. */
  public JsonLine field(String name, List<Double> values) {
    name(name);
    if (values == null) {
      text.append("null");
      return this;
    }
    text.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      Double value = values.get(i);
      text.append(value == null ? "null" : floatText(value));
    }
    text.append(']');
    return this;
  }

  /** An instant as ISO-8601 UTC with a {@code Z}, with milliseconds only when nonzero. */
  public JsonLine field(String name, Instant value) {
    return field(name, value == null ? null : UtcTimes.format(value));
  }

  @Override
  public String toString() {
    String object = text.append('}').toString();
    text.setLength(text.length() - 1);
    return object;
  }

  private void name(String name) {
    if (!empty) {
      text.append(", ");
    }
    empty = false;
    appendString(text, name);
    text.append(": ");
  }

  /**
   * Python's {@code repr(float)}: the shortest decimal that reads back as the same double, in
   * positional notation for exponents -4..15 and scientific ({@code 1e-05}, {@code 1e+16}) outside.
   * Java 17's {@code Double.toString} is not always shortest, so the digits are found by rounding
   * the exact value to 1, 2, ... 17 significant digits.
   */
  public static String floatText(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("JSON has no " + value);
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0.0" : "0.0";
    }
    Decimal shortest = shortestDecimal(Math.abs(value));
    String digits = shortest.digits();
    int point = shortest.point();
    String sign = value < 0 ? "-" : "";
    int exponent = point - 1;
    if (exponent >= -4 && exponent < 16) {
      if (point <= 0) {
        return sign + "0." + "0".repeat(-point) + digits;
      } else if (point >= digits.length()) {
        return sign + digits + "0".repeat(point - digits.length()) + ".0";
      } else {
        return sign + digits.substring(0, point) + "." + digits.substring(point);
      }
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exponentText = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
    return sign + mantissa + "e" + exponentText;
  }

  /**
   * A positive decimal as its significant digits, without leading or trailing zeros, and where its
   * point goes: the value is 0.{@code digits} times 10 to the power {@code point}.
   */
  record Decimal(String digits, int point) {

    static Decimal of(BigDecimal value) {
      String digits = value.unscaledValue().abs().toString();
      // The point counts from the first digit, so trailing zeros can go without moving it.
      return new Decimal(stripTrailingZeros(digits), value.precision() - value.scale());
    }

    /** {@code Double.toString}'s text of a positive double ({@code 71.8099}, {@code 1.0E-5}). */
    static Decimal parse(String text) {
      int e = text.indexOf('E');
      String mantissa = e < 0 ? text : text.substring(0, e);
      int dot = mantissa.indexOf('.');
      String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
      int point = dot + (e < 0 ? 0 : Integer.parseInt(text.substring(e + 1)));
      int leadingZeros = 0;
      while (leadingZeros < digits.length() - 1 && digits.charAt(leadingZeros) == '0') {
        leadingZeros++;
      }
      return new Decimal(stripTrailingZeros(digits.substring(leadingZeros)), point - leadingZeros);
    }

    private static String stripTrailingZeros(String digits) {
      int end = digits.length();
      while (end > 1 && digits.charAt(end - 1) == '0') {
        end--;
      }
      return digits.substring(0, end);
    }
  }

  /**
   * The shortest decimal that reads back as {@code magnitude} (positive). {@code Double.toString}
   * always reads back; when it has at most 15 significant digits it is also the shortest, because
   * distinct decimals of up to 15 digits are distinct doubles. Only longer ones are searched digit
   * by digit: the search costs a BigDecimal rounding per digit, and coordinates, the usual case,
   * need about eight. The quick case is read from the text itself, not through a BigDecimal: every
   * coordinate of every geo record and post is written here.
   */
  static Decimal shortestDecimal(double magnitude) {
    Decimal quick = Decimal.parse(Double.toString(magnitude));
    if (quick.digits().length() <= 15) {
      return quick;
    }
    return Decimal.of(searchShortestDecimal(magnitude));
  }

  static BigDecimal searchShortestDecimal(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int digits = 1; digits <= 17; digits++) {
      BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == value) {
        return candidate;
      }
    }
    return exact;
  }

  /**
   * A JSON string as Python writes it with ensure_ascii=False. Runs of characters that need no
   * escape, nearly all of a post's text, are copied whole rather than a character at a time.
   */
  static void appendString(StringBuilder out, String value) {
    out.append('"');
    int run = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(value, run, i);
      run = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    out.append(value, run, value.length());
    out.append('"');
  }
}
