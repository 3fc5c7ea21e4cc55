package io.pinpipe.streams.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonLineTest {

  @Test
  void takesDoubleToStringOnlyWhereItIsTheShortestDecimal() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 200_000; i++) {
      double value =
          switch (i % 3) {
            // Coordinates as stored in a FLOAT column, read back as doubles.
            case 0 -> (float) random.nextDouble(-180, 180);
            case 1 -> random.nextDouble(-1e6, 1e6);
            default -> Double.longBitsToDouble(random.nextLong());
          };
      if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
        continue;
      }
      double magnitude = Math.abs(value);
      assertThat(JsonLine.shortestDecimal(magnitude))
          .as("shortest decimal of %s", magnitude)
          .isEqualTo(JsonLine.Decimal.of(JsonLine.searchShortestDecimal(magnitude)));
    }
  }

  @Test
  void readsDoubleToStringInEachOfItsForms() {
    assertThat(JsonLine.Decimal.parse("71.8099")).isEqualTo(new JsonLine.Decimal("718099", 2));
    assertThat(JsonLine.Decimal.parse("0.00123")).isEqualTo(new JsonLine.Decimal("123", -2));
    assertThat(JsonLine.Decimal.parse("1.0E-5")).isEqualTo(new JsonLine.Decimal("1", -4));
    assertThat(JsonLine.Decimal.parse("1.0E10")).isEqualTo(new JsonLine.Decimal("1", 11));
    assertThat(JsonLine.Decimal.parse("100.0")).isEqualTo(new JsonLine.Decimal("1", 3));
  }

  @Test
  void escapesWhatPythonEscapes() {
    StringBuilder out = new StringBuilder();
    JsonLine.appendString(out, "plain \"quoted\" back\\slash\ttab\nline\u0001 é 💡");
    assertThat(out).hasToString("\"plain \\\"quoted\\\" back\\\\slash\\ttab\\nline\\u0001 é 💡\"");
  }

  @Test
  void writesWhatPythonWrites() {
    assertThat(JsonLine.floatText(-71.8099)).isEqualTo("-71.8099");
    assertThat(JsonLine.floatText((double) -71.8099f)).isEqualTo("-71.80989837646484");
    assertThat(JsonLine.floatText(2.82879384806159e17)).isEqualTo("2.82879384806159e+17");
    assertThat(JsonLine.floatText(1e-5)).isEqualTo("1e-05");
    assertThat(JsonLine.floatText(1e16)).isEqualTo("1e+16");
    assertThat(JsonLine.floatText(123456789012345.0)).isEqualTo("123456789012345.0");
  }
}
