package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.store.Dialect;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole run on a real database and a real db-scheduler, with fakes of GitHub, git and agents.
 */
class SpecRunFlowTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void labelToMergedSubtasksWithPlanPrsReviewsAndStatus(Dialect dialect) throws Exception {
    try (RunWorld w = new RunWorld(dialect, tmp)) {
      assertThat(w.label().ok()).isTrue();

      w.awaitTask("api", TaskState.IN_REVIEW);
      w.awaitTask("ui", TaskState.IN_REVIEW);
      // docs depends on api, which is reviewed but not merged: it waits.
      assertThat(w.task("docs").state()).isEqualTo(TaskState.PENDING);
      assertThat(w.workspaces.pushes("specwright/7-add-auth/docs")).isZero();
      w.awaitRun(RunState.REVIEWING);

      String plan = w.github.commentWith("specwright:plan:").orElseThrow();
      assertThat(plan)
          .contains("- [ ] **api** — Login endpoint · developer on `openai:gpt-5-mini`")
          .contains("**docs** — Document login · developer on `openai:gpt-5-mini` · after api");

      w.merge("api");
      w.awaitTask("docs", TaskState.IN_REVIEW);
      w.merge("ui");
      w.merge("docs");
      w.awaitRun(RunState.DONE);
      w.awaitStatusContains("done — every subtask is merged");

      assertThat(w.github.lines("comment #").stream().filter(l -> l.contains("created")))
          .as("one plan, one status, one done notice")
          .hasSize(3);
      int api = w.task("api").prNumber();
      int ui = w.task("ui").prNumber();
      int docs = w.task("docs").prNumber();
      assertThat(w.github.lines("pr #"))
          .filteredOn(l -> l.contains("opened"))
          .containsExactlyInAnyOrder(
              "pr #" + api + " opened specwright/7-add-auth/api",
              "pr #" + ui + " opened specwright/7-add-auth/ui",
              "pr #" + docs + " opened specwright/7-add-auth/docs");
      assertThat(w.github.lines("review"))
          .containsExactlyInAnyOrder(
              "review on pr #" + api + ": COMMENT with 1 inline",
              "review on pr #" + ui + ": COMMENT with 1 inline",
              "review on pr #" + docs + ": COMMENT with 1 inline");
      assertThat(w.github.reviews.getFirst().comments().getFirst().body())
          .isEqualTo("Consider a test for this line.");
      assertThat(w.workspaces.remote.get("specwright/7-add-auth/api"))
          .containsEntry("api.txt", "work on api, attempt 1\n");
      assertThat(w.workspaces.open).as("every workspace removed").isEmpty();
      assertThat(w.github.prs.get("specwright/7-add-auth/api").body())
          .contains("returns a session cookie", "Implemented api.", "Part of #7");
      assertThat(w.github.checks.values())
          .extracting(RunGitHub.CheckRunSpec::title)
          .contains("api: merged", "ui: merged", "docs: merged");

      String status = w.github.statusComment();
      // each subtask: one developer attempt of 1 iteration, $0.01, 1,000 in / 200 out, 2 s
      assertThat(status)
          .contains(
              "| api | merged | #"
                  + api
                  + " | `openai:gpt-5-mini` | 1 | 1,000 in / 200 out | $0.0100 | 2s |")
          .contains("| research | 1 | 1,000 in / 200 out | $0.0100 | 2s |")
          .contains("| planning | 1 | 1,000 in / 200 out | $0.0100 | 2s |")
          .contains("| review | 3 | 3,000 in / 600 out | $0.0300 | 6s |")
          .contains("| development | 3 | 3,000 in / 600 out | $0.0300 | 6s |")
          .contains("| **run** | 8 | 8,000 in / 1,600 out | $0.0800 | 16s |");
    }
  }
}
