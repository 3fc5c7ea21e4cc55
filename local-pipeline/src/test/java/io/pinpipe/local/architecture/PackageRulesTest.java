package io.pinpipe.local.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local pipeline's packages as its README lays them out: no cycles between them; the parts
 * (Kafka, Connect, S3, processes, where files live) below the pipelines that assemble them, and the
 * commands on top.
 */
class PackageRulesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pinpipe.local");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.pinpipe.local.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void thePartsDoNotKnowThePipelinesThatAssembleThem() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.pinpipe.local.kafka..",
            "io.pinpipe.local.connect..",
            "io.pinpipe.local.s3..",
            "io.pinpipe.local.process..",
            "io.pinpipe.local.layout..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.pinpipe.local.cli..", "io.pinpipe.local.cluster..", "io.pinpipe.local.summary..")
        .check(classes);
  }
}
