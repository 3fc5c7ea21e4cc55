package io.pinpipe.reliability.architecture;

import io.pinpipe.support.testing.PackageRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spread pipeline is assembled from the local pipeline's parts (its node and worker configs,
 * its connector configs), never from the one-process pipeline or the command: what it runs is what
 * {@code pinpipe run} runs, only spread.
 */
class PackageRulesTest {

  private static final PackageRules RELIABILITY =
      PackageRules.ofMainClasses("io.pinpipe.reliability");

  @Test
  void theClusterUsesThePartsNotTheOneProcessPipeline() {
    RELIABILITY.assertDoNotDependOn(
        List.of("io.pinpipe.reliability.."),
        List.of(
            "io.pinpipe.local.pipeline..", "io.pinpipe.local.cli..", "io.pinpipe.local.summary.."));
  }
}
