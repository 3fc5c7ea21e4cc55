package io.pinpipe.bench.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {

  @Test
  void peakIsTheLargestHeapBeforeACollectionAndLiveTheLargestAfter() {
    GcLog log =
        GcLog.parse(
            List.of(
                "[0.012s] Using G1",
                "[1.204s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.123ms",
                "[2.500s] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 153M->63M(178M) 6.593ms",
                "[3.100s] GC(2) Pause Full (System.gc()) 1G->80M(1G) 40.1ms",
                "[3.900s] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 512K->256K(2M) 0.1ms"));

    assertThat(log.collections()).isEqualTo(4);
    assertThat(log.peakHeapMb()).isEqualTo(1024.0);
    assertThat(log.maxLiveHeapMb()).isEqualTo(80.0);
  }

  @Test
  void aLogWithoutCollectionsSaysSo() {
    GcLog log = GcLog.parse(List.of("[0.012s] Using G1"));

    assertThat(log.collections()).isZero();
    assertThat(log.peakHeapMb()).isZero();
  }
}
