package io.pinpipe.connect.record;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The shortest decimal that reads back as the same single-precision float: what MySQL shows for a
 * FLOAT ({@code -89.9787}), not the float's exact binary value ({@code -89.97869873046875}). Java
 * 17's {@code Float.toString} is not always shortest, so the digits are found by rounding the exact
 * value to 1, 2, ... 9 significant digits.
 */
public final class FloatDecimal {

  private FloatDecimal() {}

  public static BigDecimal shortest(float value) {
    if (Float.isNaN(value) || Float.isInfinite(value)) {
      throw new IllegalArgumentException("no decimal for " + value);
    }
    if (value == 0f) {
      return BigDecimal.ZERO;
    }
    BigDecimal exact = new BigDecimal(value);
    for (int digits = 1; digits <= 9; digits++) {
      BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (Float.parseFloat(candidate.toString()) == value) {
        return candidate.stripTrailingZeros();
      }
    }
    return exact;
  }

  /** The double nearest to the float's shortest decimal: JSON writers then print that decimal. */
  public static double asDouble(float value) {
    return Float.isNaN(value) || Float.isInfinite(value) ? value : shortest(value).doubleValue();
  }
}
