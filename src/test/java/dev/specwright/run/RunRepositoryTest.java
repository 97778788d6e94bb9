package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.Cost;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.Usage;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RunRepositoryTest {

  @TempDir Path tmp;

  private static final RepoRef REPO = new RepoRef("acme", "shop", 1);
  private static final RunPolicy POLICY =
      RunPolicy.defaults(ModelRef.parse("a:strong"), ModelRef.parse("b:cheap"));

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void secondActiveRunOnTheSameIssueIsRefusedByTheDatabase(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, tmp)) {
      RunRepository runs = new RunRepository(db.dataSource(), Clock.systemUTC());
      Optional<Long> first = runs.insertActive(REPO, 7, "Add auth", "add-auth", "alice", POLICY);
      assertThat(first).isPresent();
      assertThat(runs.insertActive(REPO, 7, "Add auth", "add-auth", "bob", POLICY)).isEmpty();
      assertThat(runs.insertActive(REPO, 8, "Other", "other", "bob", POLICY)).isPresent();

      assertThat(runs.fail(first.get(), "planner failed")).isTrue();
      Optional<Long> again = runs.insertActive(REPO, 7, "Add auth", "add-auth", "alice", POLICY);
      assertThat(again).as("a finished run does not block a new one").isPresent();
      assertThat(runs.reopen(first.get(), RunState.PLANNING))
          .as("the failed run cannot come back while another is active")
          .isFalse();
      assertThat(runs.get(again.get()).policy()).isEqualTo(POLICY);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void phaseFiguresAddUpAndUnknownCostStaysUnknown(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, tmp)) {
      RunRepository runs = new RunRepository(db.dataSource(), Clock.systemUTC());
      long id = runs.insertActive(REPO, 7, "t", "t", "alice", POLICY).orElseThrow();
      Figures known =
          new Figures(2, new Usage(100, 20, 5, 7), Cost.usd("0.012345"), Duration.ofMillis(1500));
      runs.addPhase(id, RunRepository.Phase.REVIEW, known, "a:strong");
      runs.addPhase(id, RunRepository.Phase.REVIEW, known, null);
      runs.addPhase(id, RunRepository.Phase.RESEARCH, known, "b:cheap");
      runs.addPhase(
          id,
          RunRepository.Phase.RESEARCH,
          new Figures(1, Usage.ZERO, Cost.UNKNOWN, Duration.ZERO),
          "ollama:local");
      var phases = runs.phases(id);
      assertThat(phases.get(RunRepository.Phase.REVIEW))
          .isEqualTo(
              new Figures(
                  4, new Usage(200, 40, 10, 14), Cost.usd("0.024690"), Duration.ofMillis(3000)));
      assertThat(phases.get(RunRepository.Phase.RESEARCH).cost().toString()).isEqualTo("unknown");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void replanKeepsMergedSubtasksAndCancelsDroppedOnes(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, tmp)) {
      RunRepository runs = new RunRepository(db.dataSource(), Clock.systemUTC());
      SubtaskRepository tasks = new SubtaskRepository(db.dataSource(), Clock.systemUTC());
      long id = runs.insertActive(REPO, 7, "t", "add-auth", "alice", POLICY).orElseThrow();
      PlannedTask a = new PlannedTask("a", "A", "d", List.of("c"), List.of(), List.of());
      PlannedTask b = new PlannedTask("b", "B", "d", List.of("c"), List.of(), List.of("a"));
      tasks.savePlan(id, "add-auth", 7, List.of(a, b));
      assertThat(tasks.transition(id, "a", TaskState.MERGED, null, TaskState.PENDING)).isTrue();

      PlannedTask c = new PlannedTask("c", "C", "d", List.of("c"), List.of(), List.of("a"));
      tasks.savePlan(id, "add-auth", 7, List.of(a, c));
      assertThat(tasks.list(id))
          .extracting(Subtask::key, Subtask::state, Subtask::branch)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("a", TaskState.MERGED, "specwright/7-add-auth/a"),
              org.assertj.core.groups.Tuple.tuple(
                  "b", TaskState.CANCELLED, "specwright/7-add-auth/b"),
              org.assertj.core.groups.Tuple.tuple(
                  "c", TaskState.PENDING, "specwright/7-add-auth/c"));
    }
  }
}
