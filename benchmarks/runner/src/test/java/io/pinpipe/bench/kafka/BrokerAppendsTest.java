package io.pinpipe.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerAppendsTest {

  @Test
  void countsOnlyWhatTheWantedTopicsGainedBetweenTheReadings() {
    Map<String, Long> before =
        Map.of("run-0.pin", 300L, "run-0.pin.clean", 290L, "run-0.posts", 95L);
    Map<String, Long> after =
        Map.of(
            "run-0.pin", 600L,
            "run-0.pin.clean", 580L,
            "run-0.posts", 190L,
            // Created after the first reading: its meter appears with its first record.
            "run-0-store-changelog", 40L);

    long written = BrokerAppends.between(before, after, topic -> !topic.equals("run-0.pin"));

    assertThat(written).isEqualTo(290 + 95 + 40);
  }

  @Test
  void nothingWrittenBetweenTheReadingsCountsZero() {
    Map<String, Long> reading = Map.of("run-0.pin", 300L);

    assertThat(BrokerAppends.between(reading, reading, topic -> true)).isZero();
  }
}
