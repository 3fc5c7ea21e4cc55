package io.pinpipe.bench.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuTimeTest {

  @Test
  void recordsPerCpuSecondCountOnlyTheStretchBetweenTwoReadings() {
    CpuTime start = new CpuTime(Duration.ofSeconds(10), Duration.ofSeconds(40));
    CpuTime end = new CpuTime(Duration.ofSeconds(14), Duration.ofSeconds(41));

    CpuTime used = end.since(start);

    assertThat(used).isEqualTo(new CpuTime(Duration.ofSeconds(4), Duration.ofSeconds(1)));
    assertThat(used.perAppSecond(20_000)).isCloseTo(5_000, within(1e-9));
    assertThat(used.perSecond(20_000)).isCloseTo(4_000, within(1e-9));
  }

  @Test
  void aStretchThatUsedNoCpuIsAnError() {
    CpuTime nothing = new CpuTime(Duration.ZERO, Duration.ofSeconds(1));

    assertThatThrownBy(() -> nothing.perAppSecond(100))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no CPU time measured for 100 records");
  }

  @Test
  void theOperatingSystemCountsTheCpuThisJvmSpends() {
    Duration before = CpuTime.used(ProcessHandle.current());
    Duration spent = Duration.ZERO;
    long sum = 0;
    // Busy until the OS has counted more CPU time; its counter ticks every few milliseconds.
    for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        spent.compareTo(Duration.ofMillis(50)) < 0 && System.nanoTime() < deadline; ) {
      for (int i = 0; i < 1_000_000; i++) {
        sum += i ^ (sum >>> 3);
      }
      spent = CpuTime.used(ProcessHandle.current()).minus(before);
    }

    assertThat(spent)
        .as("CPU time counted after busy work (%d)", sum)
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void theRestOfTheStackIsEveryOtherProcessTheRunnerStartedAndNotTheApp() throws Exception {
    Process idleApp = new ProcessBuilder("sleep", "120").start();
    Process busyOther = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
    try {
      CpuTime start = CpuTime.of(idleApp.toHandle());
      Duration busyStart = CpuTime.used(busyOther.toHandle());
      Duration busy = Duration.ZERO;
      for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          busy.compareTo(Duration.ofMillis(300)) < 0 && System.nanoTime() < deadline; ) {
        busyOther.waitFor(20, TimeUnit.MILLISECONDS); // pacing the readings only
        busy = CpuTime.used(busyOther.toHandle()).minus(busyStart);
      }
      CpuTime used = CpuTime.of(idleApp.toHandle()).since(start);

      assertThat(busy).as("the busy process ran").isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(used.rest())
          .as("the rest holds the busy process's time and this JVM's")
          .isGreaterThanOrEqualTo(busy);
      assertThat(used.app())
          .as("the idle app is not charged for it")
          .isLessThan(Duration.ofMillis(100));
    } finally {
      busyOther.destroyForcibly();
      idleApp.destroyForcibly();
    }
  }
}
