package dev.specwright.agent;

import static dev.specwright.agent.ScriptedChatModel.call;
import static dev.specwright.agent.ScriptedChatModel.calls;
import static dev.specwright.agent.ScriptedChatModel.finish;
import static dev.specwright.agent.ScriptedChatModel.says;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of OpenHands' stuck rules fires, through the real loop; a healthy run trips none. */
class StuckDetectorTest {

  @TempDir Path temp;

  private AttemptResult run(ScriptedChatModel model) throws Exception {
    Path repo = TestRepos.sample(temp.resolve("repo"));
    return new AgentLoop(new ProcessSandbox(), TranscriptSink.NONE)
        .run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo),
            model,
            AgentListener.NONE,
            Cancellation.none());
  }

  @Test
  void sameActionWithSameResultFourTimesIsStuck() throws Exception {
    var model = ScriptedChatModel.looping(n -> calls(call("read_file", "path", "README.md")));
    AttemptResult r = run(model);
    assertThat(r.endReason()).isEqualTo(EndReason.STUCK);
    assertThat(r.detail()).isEqualTo("same_action_same_result");
    assertThat(r.iterations()).isEqualTo(4);
  }

  @Test
  void argumentOrderAndSpacingDoNotHideARepetition() throws Exception {
    var model =
        ScriptedChatModel.looping(
            n ->
                calls(
                    n % 2 == 0
                        ? ScriptedChatModel.rawCall(
                            "read_file", "{\"path\":\"README.md\",\"end_line\":2}")
                        : ScriptedChatModel.rawCall(
                            "read_file", "{ \"end_line\" : 2 ,  \"path\" : \"README.md\" }")));
    AttemptResult r = run(model);
    assertThat(r.detail()).isEqualTo("same_action_same_result");
    assertThat(r.iterations()).isEqualTo(4);
  }

  @Test
  void sameActionFailingThreeTimesIsStuck() throws Exception {
    // The result differs each time (the date), so only the failing rule can catch it.
    var model =
        ScriptedChatModel.looping(n -> calls(call("run_command", "command", "date +%N; exit 3")));
    AttemptResult r = run(model);
    assertThat(r.endReason()).isEqualTo(EndReason.STUCK);
    assertThat(r.detail()).isEqualTo("same_action_failing");
    assertThat(r.iterations()).isEqualTo(3);
  }

  @Test
  void threeTurnsWithoutToolCallIsStuck() throws Exception {
    var model = ScriptedChatModel.looping(n -> says("I am thinking about it, step " + n));
    AttemptResult r = run(model);
    assertThat(r.endReason()).isEqualTo(EndReason.STUCK);
    assertThat(r.detail()).isEqualTo("no_tool_calls");
    assertThat(r.iterations()).isEqualTo(3);
  }

  @Test
  void abababAlternationIsStuck() throws Exception {
    var model =
        ScriptedChatModel.looping(
            n ->
                calls(
                    n % 2 == 0
                        ? call("read_file", "path", "README.md")
                        : call("list_files", "path", "src")));
    AttemptResult r = run(model);
    assertThat(r.endReason()).isEqualTo(EndReason.STUCK);
    assertThat(r.detail()).isEqualTo("alternation");
    assertThat(r.iterations()).isEqualTo(6);
  }

  @Test
  void healthyRunWithRetriedTestsAndRereadsTripsNoRule() throws Exception {
    // Reads the same file again after editing, runs the same failing test twice with the fix in
    // between, talks once without a tool: all normal.
    Path repo = TestRepos.sample(temp.resolve("repo"));
    Files.writeString(repo.resolve("check.sh"), "grep -q 'Hi, ' src/main/Greeter.java\n");
    var model =
        ScriptedChatModel.of(
            calls(call("list_files", "depth", 3)),
            calls(call("read_file", "path", "src/main/Greeter.java")),
            calls(call("run_command", "command", "sh check.sh")),
            says("The check fails because the greeting is wrong; fixing it."),
            calls(call("read_file", "path", "src/main/Greeter.java")),
            calls(
                call(
                    "edit_file",
                    "path",
                    "src/main/Greeter.java",
                    "old_text",
                    "Hello, ",
                    "new_text",
                    "Hi, ")),
            calls(call("read_file", "path", "src/main/Greeter.java")),
            calls(call("run_command", "command", "sh check.sh")),
            calls(call("read_file", "path", "src/main/Greeter.java")),
            finish("fixed"));
    AttemptResult r =
        new AgentLoop(new ProcessSandbox(), TranscriptSink.NONE)
            .run(
                AttemptSpec.of(Role.DEVELOPER, "t", repo),
                model,
                AgentListener.NONE,
                Cancellation.none());
    assertThat(r.endReason()).isEqualTo(EndReason.FINISHED);
    assertThat(r.iterations()).isEqualTo(10);
  }

  @Test
  void rulesAreDataAndCanBeTurnedOff() throws Exception {
    Path repo = TestRepos.sample(temp.resolve("repo"));
    var model = ScriptedChatModel.looping(n -> calls(call("read_file", "path", "README.md")));
    AttemptResult r =
        new AgentLoop(new ProcessSandbox(), TranscriptSink.NONE)
            .run(
                AttemptSpec.of(Role.DEVELOPER, "t", repo)
                    .withStuckRules(StuckRules.OFF)
                    .withBudget(Budget.DEFAULT.withMaxIterations(8)),
                model,
                AgentListener.NONE,
                Cancellation.none());
    assertThat(r.endReason()).isEqualTo(EndReason.BUDGET_EXHAUSTED);
  }

  @Test
  void aToolCallBetweenSilentTurnsResetsTheMonologueCount() {
    StuckDetector d = new StuckDetector(StuckRules.DEFAULT);
    List<Optional<StuckRules.Rule>> seen = new ArrayList<>();
    seen.add(d.turnWithoutToolCall());
    seen.add(d.turnWithoutToolCall());
    seen.add(d.toolStep("list_files {}", "a", false));
    seen.add(d.turnWithoutToolCall());
    seen.add(d.turnWithoutToolCall());
    assertThat(seen).allMatch(Optional::isEmpty);
    assertThat(d.turnWithoutToolCall()).contains(StuckRules.Rule.NO_TOOL_CALLS);
  }

  @Test
  void alternationNeedsTheSameResultsToo() {
    StuckDetector d = new StuckDetector(StuckRules.DEFAULT);
    for (int i = 0; i < 6; i++) {
      // B's result changes each time: progress, not a loop.
      Optional<StuckRules.Rule> r =
          i % 2 == 0 ? d.toolStep("A", "same", false) : d.toolStep("B", "result " + i, false);
      assertThat(r).isEmpty();
    }
  }

  @Test
  void failingRuleNeedsErrorsEveryTime() {
    StuckDetector d = new StuckDetector(StuckRules.DEFAULT);
    assertThat(d.toolStep("run tests", "1 failed", true)).isEmpty();
    assertThat(d.toolStep("run tests", "ok", false)).isEmpty();
    assertThat(d.toolStep("run tests", "2 failed", true)).isEmpty();
    assertThat(d.toolStep("run tests", "3 failed", true)).isEmpty();
    assertThat(d.toolStep("run tests", "4 failed", true))
        .contains(StuckRules.Rule.SAME_ACTION_FAILING);
  }
}
