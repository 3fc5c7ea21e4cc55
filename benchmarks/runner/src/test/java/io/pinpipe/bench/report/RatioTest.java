package io.pinpipe.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RatioTest {

  @Test
  void aThroughputRatioIsOursOverTheirs() {
    Ratio ratio =
        Ratio.of(
            "connector_vs_raw",
            Figure.of("ours", "rows/s", true, List.of(70.0)),
            Figure.of("raw", "rows/s", true, List.of(100.0)),
            0.7);

    assertThat(ratio.value()).isEqualTo(0.7);
    assertThat(ratio.met()).isTrue();
  }

  @Test
  void aCostRatioIsTheirsOverOursSoThatHigherIsStillBetter() {
    Ratio ratio =
        Ratio.of(
            "heap",
            Figure.of("ours", "MB", false, List.of(200.0)),
            Figure.of("theirs", "MB", false, List.of(100.0)),
            1.0);

    assertThat(ratio.value()).isEqualTo(0.5);
    assertThat(ratio.met()).isFalse();
  }

  @Test
  void aRateAndACostDoNotCompare() {
    assertThatThrownBy(
            () ->
                Ratio.of(
                    "r",
                    Figure.of("a", "rows/s", true, List.of(1.0)),
                    Figure.of("b", "MB", false, List.of(1.0)),
                    0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
