package dev.specwright.run.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.llm.ModelRef;
import dev.specwright.run.Figures;
import dev.specwright.run.ModelOverrides;
import dev.specwright.run.RepoRef;
import dev.specwright.run.RunPolicy;
import dev.specwright.run.RunRecord;
import dev.specwright.run.RunState;
import dev.specwright.run.Subtask;
import dev.specwright.run.TaskState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small parts of the local run: the spec file, the end condition, the progress display. */
class LocalPartsTest {

  @TempDir Path tmp;

  static final RunPolicy POLICY =
      RunPolicy.defaults(ModelRef.parse("ollama:big"), ModelRef.parse("ollama:small"));

  static RunRecord run(RunState state) {
    return new RunRecord(
        1,
        new RepoRef("local", "shop", 0),
        1,
        "t",
        "t",
        state,
        "you",
        POLICY,
        ModelOverrides.NONE,
        "",
        null,
        Instant.EPOCH);
  }

  static Subtask task(String key, TaskState state, int iterations) {
    return new Subtask(
        1,
        key,
        0,
        key,
        "",
        List.of(),
        List.of(),
        List.of(),
        state,
        "specwright/1-t/" + key,
        "main",
        null,
        null,
        "ollama:small",
        null,
        1,
        0,
        new Figures(
            iterations,
            dev.specwright.llm.Usage.ZERO,
            dev.specwright.llm.Cost.ZERO,
            java.time.Duration.ZERO),
        0,
        null,
        null,
        null,
        false,
        null);
  }

  @Test
  void theSpecTitleIsItsFirstHeading() throws Exception {
    Path f = tmp.resolve("login.md");
    Files.writeString(f, "\n## Add login\n\nUsers log in.\n");
    LocalRun.Spec s = LocalRun.Spec.read(f);
    assertThat(s.title()).isEqualTo("Add login");
    assertThat(s.body()).isEqualTo("Users log in.");
  }

  @Test
  void aSpecWithoutHeadingIsTitledByItsFileName() throws Exception {
    Path f = tmp.resolve("fix-typo.md");
    Files.writeString(f, "Fix the typo in README.\n# not a title: text came first\n");
    assertThat(LocalRun.Spec.read(f).title()).isEqualTo("fix-typo");
  }

  @Test
  void anEmptySpecIsRefused() throws Exception {
    Path f = tmp.resolve("empty.md");
    Files.writeString(f, "  \n");
    assertThatThrownBy(() -> LocalRun.Spec.read(f)).hasMessageContaining("is empty");
  }

  @Test
  void theRunEndsWhenNoSubtaskNeedsMoreWork() {
    RunRecord building = run(RunState.IMPLEMENTING);
    assertThat(LocalRun.finished(building, List.of(task("a", TaskState.IN_REVIEW, 1)))).isTrue();
    assertThat(
            LocalRun.finished(
                building, List.of(task("a", TaskState.FAILED, 1), task("b", TaskState.BLOCKED, 0))))
        .isTrue();
    assertThat(
            LocalRun.finished(
                building,
                List.of(
                    task("a", TaskState.IN_REVIEW, 1), task("b", TaskState.CHANGES_REQUESTED, 1))))
        .isFalse();
    assertThat(LocalRun.finished(run(RunState.PLANNING), List.of())).isFalse();
    assertThat(LocalRun.finished(run(RunState.FAILED), List.of())).isTrue();
  }

  @Test
  void nobodyApprovesOrMergesLocallySoThePolicyWaitsForNeither() {
    RunPolicy local = LocalRun.local(POLICY.withPlanApprovalRequired(true).withSubIssues(true));
    assertThat(local.planApprovalRequired()).isFalse();
    assertThat(local.startWhenDependenciesPushed()).isTrue();
    assertThat(local.subIssues()).isFalse();
  }

  @Test
  void plainOutputPrintsALineOnlyWhenStateOrModelChanges() {
    StringWriter out = new StringWriter();
    ProgressDisplay d = new ProgressDisplay(new PrintWriter(out), false);
    LiveFigures live = new LiveFigures((t, l, c) -> null);
    RunRecord r = run(RunState.IMPLEMENTING);
    d.update(r, List.of(task("api", TaskState.RUNNING, 1)), live);
    d.update(r, List.of(task("api", TaskState.RUNNING, 2)), live);
    d.update(r, List.of(task("api", TaskState.PUSHED, 3)), live);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).startsWith("api").contains("running").contains("1 it");
    assertThat(lines.get(2)).contains("pushed").contains("3 it");
  }

  @Test
  void aTerminalGetsItsLinesRedrawnInPlace() {
    StringWriter out = new StringWriter();
    ProgressDisplay d = new ProgressDisplay(new PrintWriter(out), true);
    LiveFigures live = new LiveFigures((t, l, c) -> null);
    RunRecord r = run(RunState.IMPLEMENTING);
    d.update(r, List.of(task("api", TaskState.RUNNING, 1)), live);
    d.update(r, List.of(task("api", TaskState.RUNNING, 2)), live);
    // The second frame moves the cursor up over the two lines of the first.
    assertThat(out.toString()).contains("\u001b[2F").contains("2 it");
  }

  @Test
  void repositoryNamesArePathSafe() {
    assertThat(LocalRun.safeName(Path.of("/home/me/my shop!"))).isEqualTo("my-shop-");
    assertThat(LocalRun.safeName(Path.of("/srv/.hidden"))).isEqualTo("hidden");
  }
}
