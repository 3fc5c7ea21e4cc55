package io.pinpipe.connect.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FloatDecimalTest {

  @ParameterizedTest
  @CsvSource({
    "-89.9787, -89.9787",
    "-118.396, -118.396",
    "179.303, 179.303",
    "45, 45",
    "0.1, 0.1",
    "1e-5, 0.00001",
    "0, 0"
  })
  void givesTheShortestDecimalOfTheFloat(String stored, String expected) {
    assertThat(FloatDecimal.shortest(Float.parseFloat(stored)).toPlainString()).isEqualTo(expected);
  }

  @Test
  void itsDoubleIsPrintedAsThatDecimalNotAsTheFloatsBinaryValue() {
    float latitude = -89.9787f;

    assertThat((double) latitude).isEqualTo(-89.97869873046875);
    assertThat(Double.toString(FloatDecimal.asDouble(latitude))).isEqualTo("-89.9787");
  }

  @Test
  void alwaysReadsBackAsTheSameFloat() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 100_000; i++) {
      float value = Float.intBitsToFloat(random.nextInt());
      if (Float.isFinite(value)) {
        assertThat(Float.parseFloat(FloatDecimal.shortest(value).toString())).isEqualTo(value);
        assertThat((float) FloatDecimal.asDouble(value)).isEqualTo(value);
      }
    }
  }
}
