package io.pinpipe.bench.report;

/**
 * Ours divided by theirs, from the medians of figures measured side by side in the same run; higher
 * is better. {@code target} is the ratio the project promises (0 when there is none).
 */
public record Ratio(String name, String ours, String theirs, double value, double target) {

  public static Ratio of(String name, Figure ours, Figure theirs, double target) {
    if (ours.higherIsBetter() != theirs.higherIsBetter()) {
      throw new IllegalArgumentException(
          name + ": " + ours.name() + " and " + theirs.name() + " do not compare");
    }
    double value =
        ours.higherIsBetter() ? ours.median() / theirs.median() : theirs.median() / ours.median();
    return new Ratio(name, ours.name(), theirs.name(), value, target);
  }

  public boolean met() {
    return value >= target;
  }
}
