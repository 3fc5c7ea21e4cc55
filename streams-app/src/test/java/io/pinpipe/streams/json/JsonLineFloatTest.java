package io.pinpipe.streams.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonLineFloatTest {

  @Test
  void takesDoubleToStringOnlyWhereItIsTheShortestDecimal() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 200_000; i++) {
      double value = switch (i % 3) {
        // Coordinates as stored in a FLOAT column, read back as doubles.
        case 0 -> (float) random.nextDouble(-180, 180);
        case 1 -> random.nextDouble(-1e6, 1e6);
        default -> Double.longBitsToDouble(random.nextLong());
      };
      if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
        continue;
      }
      assertThat(JsonLine.shortestDecimal(value).compareTo(JsonLine.searchShortestDecimal(value)))
          .as("shortest decimal of %s", value)
          .isZero();
    }
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
