package io.pinpipe.streams.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app's packages as its README lays them out: no cycles between them, the pure parts (the
 * cleaning rules, the join, the analytics, the formats) free of the wiring and of the app's
 * process, so that each can be read and tested on its own.
 */
class PackageRulesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pinpipe.streams");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.pinpipe.streams.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theAnalyticsJoinAndCleaningDoNotKnowTheWiringOrTheProcess() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.pinpipe.streams.clean..",
            "io.pinpipe.streams.join..",
            "io.pinpipe.streams.stats..",
            "io.pinpipe.streams.json..",
            "io.pinpipe.streams.binary..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.pinpipe.streams.topology..",
            "io.pinpipe.streams.app..",
            "io.pinpipe.streams.config..",
            "io.pinpipe.streams.dryrun..")
        .check(classes);
  }
}
