package io.pinpipe.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTest {

  @Test
  void aSeriesGrowingTwoPerMinuteGrows120PerHour() {
    assertThat(Trend.perHour(List.of(10.0, 12.0, 14.0, 16.0))).isCloseTo(120.0, within(1e-9));
  }

  @Test
  void aFlatSeriesWithNoiseHasASlopeNearZero() {
    assertThat(Trend.perHour(List.of(5.0, 7.0, 5.0, 7.0, 5.0, 7.0, 5.0, 7.0)))
        .isCloseTo(5.71, within(0.01));
  }

  @Test
  void theLaterHalfLeavesTheStartUpOut() {
    List<Double> settling = List.of(100.0, 300.0, 400.0, 400.0, 400.0, 400.0);
    assertThat(Trend.perHour(settling)).isPositive();
    assertThat(Trend.perHour(Trend.laterHalf(settling))).isZero();
  }

  @Test
  void oneSampleHasNoSlope() {
    assertThat(Trend.perHour(List.of(3.0))).isNaN();
  }
}
