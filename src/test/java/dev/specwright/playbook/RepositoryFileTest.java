package dev.specwright.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code .github/specwright.yml}: what a repository may set, and how its mistakes read. */
class RepositoryFileTest {

  @Test
  void readsLabelPlaybookAndOverrides() {
    RepositoryFile f =
        RepositoryFile.parse(
            """
            label: ai-spec
            playbook: bugfix
            developer:
              model: ollama:qwen3-coder
            """);
    assertThat(f.label()).isEqualTo("ai-spec");
    assertThat(f.playbook()).contains("bugfix");
    assertThat(f.layer().tree().has("label")).isFalse();
    assertThat(f.layer().tree().at("/developer/model").asText()).isEqualTo("ollama:qwen3-coder");
  }

  @Test
  void anEmptyFileMeansEveryDefault() {
    RepositoryFile f = RepositoryFile.parse("# nothing yet\n");
    assertThat(f.label()).isEqualTo("spec");
    assertThat(f.playbook()).isEmpty();
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        arguments(
            "prompts cannot be set by a repository",
            "reviewer:\n  prompt: ../../../etc/shadow.md\n",
            ".github/specwright.yml:2: reviewer.prompt: only a playbook can set this, not the"
                + " repository file; pick a playbook that does with playbook: or a spec:<name>"
                + " label"),
        arguments(
            "workflows cannot be made writable by a repository",
            "workflows_writable: true\n",
            ".github/specwright.yml:1: workflows_writable: only a playbook can set this, not the"
                + " repository file; pick a playbook that does with playbook: or a spec:<name>"
                + " label"),
        arguments(
            "a field nobody knows",
            "\nlabels: spec\n",
            ".github/specwright.yml:2: labels: unknown field (did you mean label?); known fields"
                + " here: label, playbook, researcher, planner, developer, reviewer, cost_caps,"
                + " repository, protected_paths"),
        arguments(
            "a playbook name that is a path",
            "\n\nplaybook: ../default\n",
            ".github/specwright.yml:3: playbook: must be the name of a playbook, e.g. default or"
                + " bugfix, got \"../default\""),
        arguments(
            "a label with spaces",
            "label: my spec\n",
            ".github/specwright.yml:1: label: must be a label name of letters, digits, '.', '_'"
                + " or '-' (at most 40 characters), e.g. spec, got \"my spec\""),
        arguments(
            "a budget of the wrong type",
            "developer:\n  budgets:\n    wall_time: 30 minutes\n",
            ".github/specwright.yml:3: developer.budgets.wall_time: must be a duration such as"
                + " 90s, 30m or 1h30m, got \"30 minutes\""),
        arguments(
            "a negative cost cap",
            "cost_caps:\n  task_usd: -1\n",
            ".github/specwright.yml:2: cost_caps.task_usd: must be an amount in US dollars above"
                + " 0, e.g. 2.50, got -1"),
        arguments(
            "a test command that is a list",
            "repository:\n  test: [npm, test]\n",
            ".github/specwright.yml:2: repository.test: must be one shell command, e.g. ./mvnw -q"
                + " test, got a list"),
        arguments(
            "a YAML syntax error",
            "developer:\n  model: \"openai:gpt-5\n",
            ".github/specwright.yml:3: YAML syntax error: found unexpected end of stream (while"
                + " scanning a quoted scalar that starts on line 2)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void reportsMistakesWithLineAndField(String name, String text, String expected) {
    assertThatThrownBy(() -> RepositoryFile.parse(text))
        .isInstanceOfSatisfying(
            InvalidPlaybookException.class,
            e ->
                assertThat(e.problems())
                    .extracting(PlaybookProblem::toString)
                    .containsExactly(expected));
  }

  @Test
  void refusesAHugeFileBeforeParsingIt() {
    String huge = "# " + "x".repeat(LocatedYaml.MAX_CHARS) + "\n";
    assertThatThrownBy(() -> RepositoryFile.parse(huge))
        .isInstanceOf(InvalidPlaybookException.class)
        .hasMessageContaining("larger than 256 KiB");
  }

  @Test
  void readsTheLabelOfAnOtherwiseInvalidFile() {
    assertThat(RepositoryFile.labelOf("label: ai\nconcurrency: 9\n")).isEqualTo("ai");
    assertThat(RepositoryFile.labelOf("label: [not, text]\n")).isEqualTo("spec");
    assertThat(RepositoryFile.labelOf("label: ai\n  : broken: [\n")).isEqualTo("spec");
  }

  @Test
  void keepsEveryProblemNotJustTheFirst() {
    assertThatThrownBy(
            () ->
                RepositoryFile.parse(
                    "label: 1\nplanner:\n  model: opus\nprotected_paths: [\"../up\"]\n"))
        .isInstanceOfSatisfying(
            InvalidPlaybookException.class,
            e ->
                assertThat(e.problems())
                    .extracting(PlaybookProblem::line, PlaybookProblem::field)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "label"),
                        org.assertj.core.groups.Tuple.tuple(3, "planner.model"),
                        org.assertj.core.groups.Tuple.tuple(4, "protected_paths[0]"))
                    .hasSize(List.of(1, 2, 3).size()));
  }
}
