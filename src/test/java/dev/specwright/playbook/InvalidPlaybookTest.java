package dev.specwright.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of mistake in a playbook is reported as {@code file:line: field: what is wrong}, with
 * the line where the user made it.
 */
class InvalidPlaybookTest {

  @TempDir Path temp;

  static Stream<Arguments> badPlaybooks() {
    return Stream.of(
        arguments(
            "wrong type: iterations written as a word",
            """
            description: typo in a number
            developer:
              budgets:
                iterations: ten
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:4: developer.budgets.iterations: must be a whole number of at"
                    + " least 1 (at most 1000), got \"ten\"")),
        arguments(
            "wrong type: a switch written as text",
            """
            plan_approval: "yes"
            """,
            Map.of(),
            List.of("playbooks/x.yml:1: plan_approval: must be true or false, got \"yes\"")),
        arguments(
            "negative budget",
            """
            reviewer:
              model: openai:gpt-5
              budgets: { cost_usd: -2.5, iterations: 3 }
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:3: reviewer.budgets.cost_usd: must be an amount in US dollars"
                    + " above 0, e.g. 2.50, got -2.5")),
        arguments(
            "zero wall time",
            """
            developer:
              budgets:
                wall_time: 0m
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:3: developer.budgets.wall_time: must be a duration above zero,"
                    + " got \"0m\"")),
        arguments(
            "unknown field with a likely meaning",
            """
            developer:
              model: openai:gpt-5-mini
              budgets:
                iteratons: 10
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:4: developer.budgets.iteratons: unknown field (did you mean"
                    + " iterations?); known fields here: iterations, tokens, cost_usd,"
                    + " wall_time")),
        arguments(
            "unknown role at the top",
            """

            tester:
              model: openai:gpt-5
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:2: tester: unknown field; known fields here: description, steps,"
                    + " researcher, planner, developer, reviewer, strategies, concurrency,"
                    + " plan_approval, start_dependents_when, plan_rules, cost_caps, repository,"
                    + " protected_paths, workflows_writable, sub_issues")),
        arguments(
            "bad model name without a provider",
            """
            planner:
              model: gpt-5
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:2: planner.model: must be a model named provider:model, e.g."
                    + " anthropic:claude-sonnet-4-5, got \"gpt-5\"")),
        arguments(
            "bad model name deep in a fallback chain",
            """
            developer:
              fallbacks:
                - anthropic:claude-haiku-4-5
                - ":gpt-5"
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:4: developer.fallbacks[1]: must be a model named provider:model,"
                    + " e.g. anthropic:claude-sonnet-4-5, got \":gpt-5\"")),
        arguments(
            "a tool that does not exist",
            """
            developer:
              tools: [read_file, rm_rf]
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:2: developer.tools[1]: must be one of list_files, read_file,"
                    + " search, write_file, edit_file, run_command, run_tests, got \"rm_rf\"")),
        arguments(
            "missing template",
            """
            description: points at a file that is not there
            developer:
              prompt: x/developer.md
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:3: developer.prompt: template file playbooks/x/developer.md does"
                    + " not exist")),
        arguments(
            "template outside the playbooks folder",
            """
            developer:
              prompt: ../../etc/passwd.md
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:2: developer.prompt: must name a template file inside"
                    + " playbooks/, got \"../../etc/passwd.md\"")),
        arguments(
            "unknown placeholder, reported at its line in the template",
            """
            developer:
              prompt: x/developer.md
            """,
            Map.of("x/developer.md", "Do this:\n{{task}}\n\nCheck {{acceptance_critera}}.\n"),
            List.of(
                "playbooks/x/developer.md:4: {{acceptance_critera}}: is not a known placeholder;"
                    + " the developer template may use {{spec}}, {{issue_title}}, {{repository}},"
                    + " {{repo_guidance}}, {{setup_command}}, {{test_command}},"
                    + " {{protected_paths}}, {{plan}}, {{task}}, {{acceptance_criteria}},"
                    + " {{files}}, {{review_comments}}, {{previous_attempt}}")),
        arguments(
            "placeholder the role does not get",
            """
            researcher:
              prompt: x/researcher.md
            """,
            Map.of("x/researcher.md", "Survey {{ repository }}.\nReview {{diff}}\n"),
            List.of(
                "playbooks/x/researcher.md:2: {{diff}}: is not available to the researcher (the"
                    + " pull request's diff); the researcher template may use {{spec}},"
                    + " {{issue_title}}, {{repository}}, {{repo_guidance}}, {{setup_command}},"
                    + " {{test_command}}")),
        arguments(
            "YAML syntax error: an unclosed flow mapping",
            """
            developer:
              model: openai:gpt-5-mini
              budgets: { iterations: 3
            planner:
              model: anthropic:claude-opus-4-1
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:4: YAML syntax error: expected ',' or '}', but got : (while"
                    + " parsing a flow mapping that starts on line 3)")),
        arguments(
            "YAML syntax error: a tab used for indentation",
            "developer:\n\tmodel: openai:gpt-5-mini\n",
            Map.of(),
            List.of(
                "playbooks/x.yml:2: YAML syntax error: found character '\\t(TAB)' that cannot"
                    + " start any token. (Do not use \\t(TAB) for indentation) (while scanning"
                    + " for the next token)")),
        arguments(
            "the same field twice",
            """
            developer:
              model: openai:gpt-5-mini
              budgets: { iterations: 3 }
              model: anthropic:claude-haiku-4-5
            """,
            Map.of(),
            List.of("playbooks/x.yml:4: developer.model: appears twice; write each field once")),
        arguments(
            "protected path that climbs out of the repository",
            """
            protected_paths:
              - src/
              - ../secrets
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:3: protected_paths[1]: must stay inside the repository (no ..),"
                    + " got \"../secrets\"")),
        arguments(
            "review on with implement off",
            """
            steps:
              implement: false
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:2: steps.implement: is false, but review is on (the default)"
                    + " and has nothing to review; set review: false too")),
        arguments(
            "review switched on explicitly with implement off",
            """
            steps:
              implement: false
              review: true
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:3: steps.review: must be false when implement is false: there"
                    + " is nothing to review")),
        arguments(
            "plan rule that is not a regular expression",
            """
            plan_rules:
              required_criteria:
                - matches: "regression (test"
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:3: plan_rules.required_criteria[0].matches: must be a regular"
                    + " expression, got \"regression (test\" (Unclosed group)")),
        arguments(
            "a list where a section belongs",
            """
            strategies: [restart]
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:1: strategies: must be a section with restarts_on_stuck,"
                    + " fallback_on, max_attempts and review_rounds, got a list")),
        arguments(
            "not a section at all",
            """
            just some text
            """,
            Map.of(),
            List.of(
                "playbooks/x.yml:1: (the whole file): must be a playbook: a section of settings,"
                    + " got \"just some text\"")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlaybooks")
  void reportsTheMistakeWithFileLineAndField(
      String name, String yaml, Map<String, String> templates, List<String> expected) {
    PlaybookFolder folder = new PlaybookFolder(temp).write("x.yml", yaml);
    templates.forEach(folder::write);
    assertThat(folder.problems("x")).containsExactlyElementsOf(expected);
  }

  @Test
  void reportsEveryMistakeInAFileAtOnceInLineOrder() {
    PlaybookFolder folder =
        new PlaybookFolder(temp)
            .write(
                "x.yml",
                """
                concurrency: 0
                developer:
                  model: mini
                  budgets:
                    tokens: -5
                reviewer:
                  prompt: nowhere.md
                """);
    assertThat(folder.problems("x"))
        .extracting(p -> p.substring(0, p.indexOf(": ", p.indexOf(": ") + 2)))
        .containsExactly(
            "playbooks/x.yml:1: concurrency",
            "playbooks/x.yml:3: developer.model",
            "playbooks/x.yml:5: developer.budgets.tokens",
            "playbooks/x.yml:7: reviewer.prompt");
  }

  @Test
  void refusesATemplateThatIsASymlinkLeadingOutOfTheFolder() throws Exception {
    PlaybookFolder folder = new PlaybookFolder(temp).write("x.yml", "developer:\n  prompt: a.md\n");
    java.nio.file.Files.writeString(temp.resolve("outside.md"), "secret {{task}}");
    java.nio.file.Files.createSymbolicLink(folder.root.resolve("a.md"), temp.resolve("outside.md"));
    assertThat(folder.problems("x"))
        .containsExactly(
            "playbooks/x.yml:2: developer.prompt: template file playbooks/a.md leads outside"
                + " playbooks/");
  }

  @Test
  void refusesYamlAliasesRatherThanReadingThemAsText() {
    PlaybookFolder folder =
        new PlaybookFolder(temp)
            .write(
                "x.yml",
                """
                planner:
                  fallbacks: &cheap [openai:gpt-5-mini]
                developer:
                  fallbacks: *cheap
                """);
    assertThat(folder.problems("x"))
        .containsExactly(
            "playbooks/x.yml:4: developer.fallbacks: YAML aliases (*name) are not supported here;"
                + " write the value out");
  }
}
