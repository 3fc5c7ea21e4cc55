package io.pinpipe.local.architecture;

import io.pinpipe.support.testing.PackageRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The local pipeline's packages as its README lays them out: no cycles between them; the parts
 * (Kafka, Connect, S3, where files live) below the pipelines that assemble them, and the commands
 * on top.
 */
class PackageRulesTest {

  private static final PackageRules LOCAL = PackageRules.ofMainClasses("io.pinpipe.local");

  @Test
  void packagesHaveNoCycles() {
    LOCAL.assertNoCycles("io.pinpipe.local.(*)..");
  }

  @Test
  void thePartsDoNotKnowThePipelinesThatAssembleThem() {
    LOCAL.assertDoNotDependOn(
        List.of(
            "io.pinpipe.local.kafka..",
            "io.pinpipe.local.connect..",
            "io.pinpipe.local.s3..",
            "io.pinpipe.local.layout.."),
        List.of(
            "io.pinpipe.local.cli..", "io.pinpipe.local.pipeline..", "io.pinpipe.local.summary.."));
  }
}
