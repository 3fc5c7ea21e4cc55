package io.pinpipe.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FigureTest {

  @Test
  void medianOfAnOddNumberOfRunsIsTheMiddleOne() {
    Figure figure = Figure.of("load.pinpipe.rows_per_s", "rows/s", true, List.of(30.0, 10.0, 20.0));

    assertThat(figure.median()).isEqualTo(20.0);
    assertThat(figure.min()).isEqualTo(10.0);
    assertThat(figure.max()).isEqualTo(30.0);
    assertThat(figure.runs()).isEqualTo(3);
  }

  @Test
  void medianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
    assertThat(Figure.of("x", "ms", false, List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
  }

  @Test
  void aFigureWithoutRunsIsRefused() {
    assertThatThrownBy(() -> Figure.of("x", "ms", false, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x");
  }

  @Test
  void samplesKeepOneUnitPerFigure() {
    Samples samples = new Samples();
    samples.higher("rate", "rows/s", 1);

    assertThatThrownBy(() -> samples.higher("rate", "records/s", 2)).hasMessageContaining("rows/s");
  }
}
