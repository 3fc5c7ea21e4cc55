package io.pinpipe.sourcedb.emulator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmulatorSettingsTest {

  private final EmulatorSettings defaults = EmulatorSettings.defaults();

  @Test
  void rejectsANegativeOrNonNumericRate() {
    assertThatThrownBy(() -> defaults.withRate(-1)).hasMessageContaining("rate must be");
    assertThatThrownBy(() -> defaults.withRate(Double.NaN)).hasMessageContaining("rate must be");
  }

  @Test
  void rejectsNegativePostsAndTooManyConnections() {
    assertThatThrownBy(() -> defaults.withPosts(-5)).hasMessageContaining("posts must be >= 0");
    assertThatThrownBy(() -> defaults.withConnections(0))
        .hasMessageContaining("connections must be between 1 and 64");
    assertThatThrownBy(() -> defaults.withConnections(65)).hasMessageContaining("got 65");
  }

  @Test
  void rejectsANegativeCommitDelay() {
    assertThatThrownBy(() -> defaults.withMaxCommitDelay(Duration.ofMillis(-1)))
        .hasMessageContaining("commit delay must be >= 0");
  }
}
