package dev.specwright.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Label → playbook: {@code spec} → default, {@code spec:<name>} → that one, anything else → no. */
class PlaybookSelectorTest {

  @TempDir Path temp;
  private PlaybookSelector selector;

  @BeforeEach
  void library() {
    PlaybookFolder folder =
        new PlaybookFolder(temp)
            .write("default.yml", "description: the default\n")
            .write("bugfix.yml", "concurrency: 1\n")
            .write("docs.yml", "protected_paths: [/src/]\n");
    selector = new PlaybookSelector(folder.library());
  }

  private PlaybookChoice choose(String label) {
    return selector.choose(label, Optional.empty());
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "spec, default",
    "spec:bugfix, bugfix",
    "spec:docs, docs",
    "Spec, default",
    "SPEC:Bugfix, bugfix",
    "' spec:bugfix ', bugfix",
    "spec: docs, docs"
  })
  void picksThePlaybookALabelNames(String label, String playbook) {
    assertThat(choose(label))
        .isInstanceOfSatisfying(
            PlaybookChoice.Chosen.class,
            c -> {
              assertThat(c.playbook().name()).isEqualTo(playbook);
              assertThat(c.playbook().file()).isEqualTo("playbooks/" + playbook + ".yml");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"bug", "specification", "spec-bugfix", "not-spec", "specs:bugfix", ""})
  void ignoresLabelsThatAreNotSpecLabels(String label) {
    assertThat(choose(label)).isInstanceOf(PlaybookChoice.NotASpecLabel.class);
  }

  @Test
  void rejectsAnUnknownPlaybookListingTheAvailableOnes() {
    assertThat(choose("spec:refactor"))
        .isInstanceOfSatisfying(
            PlaybookChoice.Rejected.class,
            r ->
                assertThat(r.problems())
                    .singleElement()
                    .hasToString(
                        "issue label: spec:refactor: there is no playbook named \"refactor\";"
                            + " available: bugfix, default, docs"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "spec:../../etc/passwd",
        "spec:/etc/passwd",
        "spec:bugfix/../../secrets",
        "spec:..",
        "spec:default.yml",
        "spec:bug fix",
        "spec:bugfix\u202e",
        "spec:$(rm -rf ~)",
        "spec:%2e%2e%2fetc",
        "spec:a-very-long-name-that-goes-on-and-on-and-on-well-past-sixty-four-characters"
      })
  void rejectsHostilePlaybookNamesWithoutTouchingTheFileSystem(String label) {
    assertThat(choose(label))
        .isInstanceOfSatisfying(
            PlaybookChoice.Rejected.class,
            r ->
                assertThat(r.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.message())
                              .contains("is not a playbook name")
                              .endsWith("available: bugfix, default, docs");
                          assertThat(p.message()).doesNotContain("\u202e");
                        }));
  }

  @Test
  void theRejectionCommentQuotesTheProblemsSafely() {
    var rejected = (PlaybookChoice.Rejected) choose("spec:```evil");
    assertThat(rejected.toMarkdown())
        .startsWith("Specwright did not start a run for the label `spec:'''evil`:")
        .contains("```text\nissue label: spec:'''evil: \"'''evil\" is not a playbook name")
        .endsWith("Fix the above and add the label again.\n");
  }

  @Test
  void defaultExistsEvenWithoutAFileAsTheBuiltInDefaults(@TempDir Path empty) {
    var selector = new PlaybookSelector(PlaybookLibrary.at(empty));
    assertThat(selector.choose("spec", Optional.empty()))
        .isInstanceOfSatisfying(
            PlaybookChoice.Chosen.class,
            c -> {
              assertThat(c.playbook().file()).isEqualTo("built-in");
              assertThat(c.playbook().overrides()).isEmpty();
              assertThat(c.playbook().playbook()).isEqualTo(BuiltInPlaybook.playbook());
            });
  }

  @Test
  void theRepositoryFileCanRenameTheLabel() {
    Optional<String> file = Optional.of("label: ai-task\n");
    assertThat(selector.choose("spec", file)).isInstanceOf(PlaybookChoice.NotASpecLabel.class);
    assertThat(selector.choose("ai-task", file)).isInstanceOf(PlaybookChoice.Chosen.class);
    assertThat(selector.choose("ai-task:bugfix", file))
        .isInstanceOfSatisfying(
            PlaybookChoice.Chosen.class, c -> assertThat(c.playbook().name()).isEqualTo("bugfix"));
  }

  @Test
  void theRepositoryFileChoosesThePlaybookOfThePlainLabelButANamedLabelWins() {
    Optional<String> file = Optional.of("playbook: docs\n");
    assertThat(selector.choose("spec", file))
        .isInstanceOfSatisfying(
            PlaybookChoice.Chosen.class, c -> assertThat(c.playbook().name()).isEqualTo("docs"));
    assertThat(selector.choose("spec:bugfix", file))
        .isInstanceOfSatisfying(
            PlaybookChoice.Chosen.class, c -> assertThat(c.playbook().name()).isEqualTo("bugfix"));
  }

  @Test
  void aRepositoryFileNamingAnUnknownPlaybookIsReportedAtItsLine() {
    Optional<String> file = Optional.of("# our settings\nplaybook: refactor\n");
    assertThat(selector.choose("spec", file))
        .isInstanceOfSatisfying(
            PlaybookChoice.Rejected.class,
            r ->
                assertThat(r.problems())
                    .singleElement()
                    .hasToString(
                        ".github/specwright.yml:2: playbook: there is no playbook named"
                            + " \"refactor\"; available: bugfix, default, docs"));
  }

  @Test
  void anInvalidRepositoryFileRejectsSpecLabelsAndExplainsWhy() {
    Optional<String> file =
        Optional.of("developer:\n  model: openai:gpt-5-mini\n  prompt: mine.md\n");
    assertThat(selector.choose("spec", file))
        .isInstanceOfSatisfying(
            PlaybookChoice.Rejected.class,
            r ->
                assertThat(r.problems())
                    .singleElement()
                    .hasToString(
                        ".github/specwright.yml:3: developer.prompt: only a playbook can set"
                            + " this, not the repository file; pick a playbook that does with"
                            + " playbook: or a spec:<name> label"));
    assertThat(selector.choose("bug", file)).isInstanceOf(PlaybookChoice.NotASpecLabel.class);
  }

  @Test
  void anInvalidRepositoryFileStillRenamesTheLabelItNames() {
    Optional<String> file = Optional.of("label: ai\nconcurrency: 99\n");
    assertThat(selector.choose("spec", file)).isInstanceOf(PlaybookChoice.NotASpecLabel.class);
    assertThat(selector.choose("ai", file)).isInstanceOf(PlaybookChoice.Rejected.class);
  }

  @Test
  void anInvalidPlaybookOnTheServerRejectsTheRunWithItsProblems() {
    new PlaybookFolder(temp).write("broken.yml", "concurrency: many\n");
    assertThat(choose("spec:broken"))
        .isInstanceOfSatisfying(
            PlaybookChoice.Rejected.class,
            r ->
                assertThat(r.problems())
                    .singleElement()
                    .hasToString(
                        "playbooks/broken.yml:1: concurrency: must be a whole number from 1 to"
                            + " 64, got \"many\""));
  }
}
