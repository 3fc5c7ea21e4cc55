package io.pinpipe.support.architecture;

import io.pinpipe.support.testing.PackageRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The support module knows no PinPipe code: every other module uses it, so a dependency on one of
 * them would be a cycle in the build. Its own packages are free of cycles too.
 */
class PackageRulesTest {

  private static final PackageRules SUPPORT = PackageRules.ofMainClasses("io.pinpipe.support");

  @Test
  void packagesHaveNoCycles() {
    SUPPORT.assertNoCycles("io.pinpipe.support.(*)..");
  }

  @Test
  void knowsNoOtherPinPipeModule() {
    SUPPORT.assertDoNotDependOn(
        List.of("io.pinpipe.support.."),
        List.of(
            "io.pinpipe.sourcedb..",
            "io.pinpipe.connect..",
            "io.pinpipe.streams..",
            "io.pinpipe.deploy..",
            "io.pinpipe.s3sink..",
            "io.pinpipe.local..",
            "io.pinpipe.bench.."));
  }
}
