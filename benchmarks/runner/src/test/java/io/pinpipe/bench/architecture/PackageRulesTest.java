package io.pinpipe.bench.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner's packages: one per benchmark (and the soak) over shared measuring and reporting
 * parts, no cycles, and no benchmark reaching into another's package or back to the command.
 */
class PackageRulesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pinpipe.bench");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.pinpipe.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theSharedPartsDoNotKnowTheBenchmarks() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.pinpipe.bench.report..",
            "io.pinpipe.bench.jvm..",
            "io.pinpipe.bench.kafka..",
            "io.pinpipe.bench.layout..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.pinpipe.bench",
            "io.pinpipe.bench.load..",
            "io.pinpipe.bench.steady..",
            "io.pinpipe.bench.topology..",
            "io.pinpipe.bench.endtoend..",
            "io.pinpipe.bench.soak..")
        .check(classes);
  }
}
