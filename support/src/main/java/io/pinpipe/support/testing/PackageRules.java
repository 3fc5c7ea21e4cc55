package io.pinpipe.support.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;

/**
 * The two package rules every module's architecture test checks, on its main classes only: no
 * cycles between its packages, and lower layers that do not know the upper ones. A violation fails
 * with ArchUnit's description of it (the cycle, or the offending dependency).
 */
public final class PackageRules {

  private final JavaClasses classes;

  private PackageRules(JavaClasses classes) {
    this.classes = classes;
  }

  /** The main classes (tests left out) under {@code rootPackage}. */
  public static PackageRules ofMainClasses(String rootPackage) {
    return new PackageRules(
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(rootPackage));
  }

  /**
   * No cycle between the slices {@code slicePattern} cuts, in ArchUnit's notation: {@code
   * "io.pinpipe.local.(*).."} makes one slice of each package directly below {@code local}.
   */
  public void assertNoCycles(String slicePattern) {
    slices().matching(slicePattern).should().beFreeOfCycles().check(classes);
  }

  /** No class in the {@code lower} packages uses a class in the {@code upper} ones. */
  public void assertDoNotDependOn(List<String> lower, List<String> upper) {
    noClasses()
        .that()
        .resideInAnyPackage(lower.toArray(String[]::new))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(upper.toArray(String[]::new))
        .check(classes);
  }
}
