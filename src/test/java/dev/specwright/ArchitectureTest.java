package dev.specwright;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of docs/architecture.md: dependencies point inward. */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.specwright");
  }

  @Test
  void innerPartsKnowNothingOfGitHub() {
    noClasses()
        .that()
        .resideInAnyPackage("..llm..", "..sandbox..", "..store..", "..queue..", "..agent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..specwright.github..", "org.kohsuke.github..")
        .check(classes);
  }

  @Test
  void innerPartsDoNotReachOutward() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..specwright.llm..",
            "..specwright.sandbox..",
            "..specwright.store..",
            "..specwright.queue..",
            "..specwright.agent..",
            "..specwright.workspace..",
            "..specwright.github..",
            "..specwright.playbook..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..specwright.web..",
            "..specwright.command..",
            "..specwright.run..",
            "..specwright.cli..")
        .check(classes);
  }

  @Test
  void runDoesNotDependOnItsCallers() {
    noClasses()
        .that()
        .resideInAPackage("..specwright.run..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..specwright.web..", "..specwright.command..", "..specwright.cli..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.specwright.(*)..").should().beFreeOfCycles().check(classes);
  }
}
