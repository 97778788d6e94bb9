package dev.specwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code specwright playbook validate}: output and exit codes as a user sees them. */
class PlaybookCommandTest {

  @TempDir Path temp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new PlaybookCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  private Path write(String relative, String text) throws IOException {
    Path file = temp.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aValidShippedPlaybookPrintsOkWithASummaryAndExitsZero() {
    int code = run("validate", "playbooks/default.yml");
    assertThat(code).isZero();
    assertThat(out.toString())
        .startsWith(
            "ok: playbooks/default.yml: playbook default (playbooks/default.yml): research → plan"
                + " → implement → review; planner anthropic:claude-opus-4-1, developer"
                + " openai:gpt-5-mini");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void validatesSeveralFilesAndFailsIfAnyIsInvalid() throws IOException {
    Path bad = write("playbooks/bad.yml", "developer:\n  budgets:\n    iterations: ten\n");
    int code = run("validate", "playbooks/bugfix.yml", bad.toString(), "playbooks/docs.yml");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("ok: playbooks/bugfix.yml")
        .contains("ok: playbooks/docs.yml");
    assertThat(err.toString())
        .isEqualTo(
            bad
                + ":3: developer.budgets.iterations: must be a whole number of at least 1 (at"
                + " most 1000), got \"ten\""
                + System.lineSeparator());
  }

  @Test
  void anInvalidTemplateIsReportedAtItsOwnLine() throws IOException {
    write("p/mine/dev.md", "Do {{task}}.\nThen {{tsk}}.\n");
    Path file = write("p/mine.yml", "developer:\n  prompt: mine/dev.md\n");
    assertThat(run("validate", file.toString())).isEqualTo(1);
    assertThat(err.toString())
        .startsWith(temp.resolve("p") + "/mine/dev.md:2: {{tsk}}: is not a known placeholder;");
  }

  @Test
  void aYamlSyntaxErrorGivesTheLineAndExitsOne() throws IOException {
    Path file = write("p/broken.yml", "developer:\n  model: [openai:gpt-5\nreviewer: {}\n");
    assertThat(run("validate", file.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith(file + ":3: YAML syntax error:");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aRepositoryFileIsCheckedAgainstThePlaybooksItCanName() throws IOException {
    Path good =
        write(".github/specwright.yml", "playbook: bugfix\ndeveloper:\n  model: ollama:qwen3\n");
    assertThat(run("validate", good.toString())).isZero();
    assertThat(out.toString())
        .startsWith("ok: " + good + ": repository file: label spec; playbook bugfix");

    Path bad = write("other/.github/specwright.yml", "label: ai\nplaybook: refactor\n");
    assertThat(run("validate", bad.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            ".github/specwright.yml:2: playbook: there is no playbook named \"refactor\";"
                + " available: bugfix, default, docs"
                + System.lineSeparator());
  }

  @Test
  void aMissingFileIsReportedAndExitsOne() {
    assertThat(run("validate", temp.resolve("nope.yml").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("nope.yml: the file does not exist");
  }

  @Test
  void noFileIsAUsageError() {
    assertThat(run("validate")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: '<file>'");
  }

  @Test
  void aPlaybookFileNameThatNoLabelCouldPickIsInvalid() throws IOException {
    Path file = write("p/My Playbook.yml", "concurrency: 2\n");
    assertThat(run("validate", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("the file name must be the playbook's name");
  }
}
