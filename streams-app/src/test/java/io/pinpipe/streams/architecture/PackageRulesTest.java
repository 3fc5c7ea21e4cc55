package io.pinpipe.streams.architecture;

import io.pinpipe.support.testing.PackageRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The app's packages as its README lays them out: no cycles between them, the pure parts (the
 * cleaning rules, the join, the analytics, the formats) free of the wiring and of the app's
 * process, so that each can be read and tested on its own.
 */
class PackageRulesTest {

  private static final PackageRules STREAMS = PackageRules.ofMainClasses("io.pinpipe.streams");

  @Test
  void packagesHaveNoCycles() {
    STREAMS.assertNoCycles("io.pinpipe.streams.(*)..");
  }

  @Test
  void theAnalyticsJoinAndCleaningDoNotKnowTheWiringOrTheProcess() {
    STREAMS.assertDoNotDependOn(
        List.of(
            "io.pinpipe.streams.clean..",
            "io.pinpipe.streams.join..",
            "io.pinpipe.streams.stats..",
            "io.pinpipe.streams.json..",
            "io.pinpipe.streams.binary.."),
        List.of(
            "io.pinpipe.streams.topology..",
            "io.pinpipe.streams.app..",
            "io.pinpipe.streams.config..",
            "io.pinpipe.streams.dryrun.."));
  }
}
