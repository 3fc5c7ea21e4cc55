package io.pinpipe.bench.architecture;

import io.pinpipe.support.testing.PackageRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runner's packages: one per benchmark (and the soak) over shared measuring and reporting
 * parts, no cycles, and no benchmark reaching into another's package or back to the command.
 */
class PackageRulesTest {

  private static final PackageRules BENCH = PackageRules.ofMainClasses("io.pinpipe.bench");

  @Test
  void packagesHaveNoCycles() {
    BENCH.assertNoCycles("io.pinpipe.(**)");
  }

  @Test
  void theSharedPartsDoNotKnowTheBenchmarks() {
    BENCH.assertDoNotDependOn(
        List.of(
            "io.pinpipe.bench.report..",
            "io.pinpipe.bench.jvm..",
            "io.pinpipe.bench.kafka..",
            "io.pinpipe.bench.layout.."),
        List.of(
            "io.pinpipe.bench",
            "io.pinpipe.bench.load..",
            "io.pinpipe.bench.steady..",
            "io.pinpipe.bench.topology..",
            "io.pinpipe.bench.endtoend..",
            "io.pinpipe.bench.soak.."));
  }
}
