package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.specwright.store.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A crash at each step: the process dies right after a side effect and before the step records it.
 * A new orchestrator and scheduler on the same database finish the run, and nothing on GitHub is
 * made twice.
 */
class SpecRunRestartTest {

  @TempDir Path tmp;

  /** Where the crash strikes: after the first log line that starts with the prefix. */
  enum Where {
    RESEARCH_AGENT,
    PLAN_COMMENT,
    STATUS_COMMENT,
    PUSH,
    PULL_REQUEST,
    REVIEW,
    DEVELOPER_AGENT
  }

  static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String at) {
      super("simulated crash after: " + at);
    }
  }

  static Stream<Arguments> crashes() {
    return Stream.of(Dialect.SQLITE, Dialect.POSTGRESQL)
        .flatMap(
            d ->
                Stream.of(Where.values())
                    .map(w -> Arguments.of(Named.of(d.name().toLowerCase(), d), w)));
  }

  @ParameterizedTest(name = "{0}: crash after {1}")
  @MethodSource("crashes")
  void theRunFinishesAfterACrashWithNothingMadeTwice(Dialect dialect, Where where)
      throws Exception {
    try (RunWorld w = new RunWorld(dialect, tmp)) {
      AtomicBoolean crashed = new AtomicBoolean();
      w.github.afterWrite =
          line -> {
            boolean hit =
                switch (where) {
                  case PLAN_COMMENT -> line.contains("created: ### Specwright plan");
                  case STATUS_COMMENT -> line.contains("created: ### Specwright status");
                  case PULL_REQUEST -> line.contains("opened specwright/7-add-auth/api");
                  case REVIEW -> line.startsWith("review on pr");
                  default -> false;
                };
            if (hit && !crashed.getAndSet(true)) {
              throw new SimulatedCrash(line);
            }
          };
      w.workspaces.afterPush =
          line -> {
            if (where == Where.PUSH
                && line.equals("push specwright/7-add-auth/api")
                && !crashed.getAndSet(true)) {
              throw new SimulatedCrash(line);
            }
          };
      w.agents.beforeRun =
          task -> {
            boolean hit =
                (where == Where.RESEARCH_AGENT && task.role() == Role.RESEARCHER)
                    || (where == Where.DEVELOPER_AGENT
                        && task.role() == Role.DEVELOPER
                        && task.task().contains("subtask: api"));
            if (hit && !crashed.getAndSet(true)) {
              throw new SimulatedCrash("researcher started");
            }
          };

      w.label();
      await().atMost(Duration.ofSeconds(30)).untilTrue(crashed);
      w.restart();
      w.awaitTask("api", TaskState.IN_REVIEW);
      w.merge("api");
      w.merge("api"); // a redelivered merge event changes nothing
      w.awaitTask("docs", TaskState.IN_REVIEW);
      w.awaitTask("ui", TaskState.IN_REVIEW);
      w.merge("ui");
      w.merge("docs");
      w.awaitRun(RunState.DONE);
      w.awaitStatusContains("done — every subtask is merged");

      assertThat(w.github.lines("comment #"))
          .filteredOn(l -> l.contains(" created: "))
          .extracting(l -> l.replaceFirst("comment #\\d+ created: ", ""))
          .containsExactlyInAnyOrder(
              "### Specwright plan for #7",
              "### Specwright status: " + firstStatusHeadline(w),
              "Every subtask of #7 is merged. The run is done.");
      assertThat(w.github.lines("pr #"))
          .filteredOn(l -> l.contains("opened"))
          .extracting(l -> l.replaceFirst("pr #\\d+ opened ", ""))
          .containsExactlyInAnyOrder(
              "specwright/7-add-auth/api",
              "specwright/7-add-auth/ui",
              "specwright/7-add-auth/docs");
      assertThat(w.github.reviews).hasSize(3);
      assertThat(w.workspaces.remote.keySet())
          .containsExactlyInAnyOrder(
              "main",
              "specwright/7-add-auth/api",
              "specwright/7-add-auth/ui",
              "specwright/7-add-auth/docs");
      assertThat(w.runs.subtasks.list(w.run().id()))
          .extracting(Subtask::state)
          .containsOnly(TaskState.MERGED);
      assertThat(w.workspaces.open).isEmpty();
      List<Subtask> tasks = w.runs.subtasks.list(w.run().id());
      assertThat(tasks).allMatch(t -> t.prNumber() != null);
    }
  }

  private static String firstStatusHeadline(RunWorld w) {
    return w.github.lines("comment #").stream()
        .filter(l -> l.contains("created: ### Specwright status: "))
        .findFirst()
        .map(l -> l.substring(l.indexOf("status: ") + "status: ".length()))
        .orElse("?");
  }
}
