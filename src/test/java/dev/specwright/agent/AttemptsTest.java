package dev.specwright.agent;

import static dev.specwright.agent.ScriptedChatModel.call;
import static dev.specwright.agent.ScriptedChatModel.calls;
import static dev.specwright.agent.ScriptedChatModel.fails;
import static dev.specwright.agent.ScriptedChatModel.finish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.Message;
import dev.specwright.llm.ModelException;
import dev.specwright.llm.ModelRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttemptsTest {

  @TempDir Path temp;
  Path repo;
  Attempts attempts;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepos.sample(temp.resolve("repo"));
    attempts = new Attempts(new AgentLoop(new ProcessSandbox(), TranscriptSink.NONE));
  }

  private static ScriptedChatModel stuckThenFinishing() {
    return ScriptedChatModel.looping(
        n -> n < 4 ? calls(call("read_file", "path", "README.md")) : finish("done on retry"));
  }

  @Test
  void restartFreshBeginsAgainWithOnlyTheTaskAndANoteAboutTheLastAttempt() {
    var model = stuckThenFinishing();
    Attempts.Outcome out =
        attempts.run(
            AttemptSpec.of(Role.DEVELOPER, "Fix it.", repo),
            AttemptStrategy.restartFresh(model, 3),
            AgentListener.NONE,
            Cancellation.none());

    assertThat(out.attempts())
        .extracting(AttemptResult::endReason)
        .containsExactly(EndReason.STUCK, EndReason.FINISHED);
    assertThat(out.attempts()).extracting(AttemptResult::attempt).containsExactly(1, 2);
    assertThat(out.finished()).isTrue();
    assertThat(out.iterations()).isEqualTo(5);
    List<Message> fresh = model.requests().get(4).messages();
    assertThat(fresh).hasSize(1);
    assertThat(((Message.User) fresh.get(0)).text())
        .startsWith("Fix it.")
        .contains("previous attempt", "stuck (same_action_same_result)");
    assertThat(out.attempts().get(0).transcriptId())
        .isNotEqualTo(out.attempts().get(1).transcriptId());
  }

  @Test
  void fallbackMovesToTheNextModelAfterAModelError() {
    ModelRef strong = new ModelRef("anthropic", "claude-sonnet-4-5");
    ModelRef cheap = new ModelRef("openai", "gpt-5-mini");
    var first =
        ScriptedChatModel.of(fails(ModelException.Kind.OVERLOADED, "529 overloaded")).named(cheap);
    var second = ScriptedChatModel.of(finish("done")).named(strong);
    Attempts.Outcome out =
        attempts.run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo),
            AttemptStrategy.fallback(List.of(first, second)),
            AgentListener.NONE,
            Cancellation.none());

    assertThat(out.attempts())
        .extracting(AttemptResult::endReason)
        .containsExactly(EndReason.MODEL_ERROR, EndReason.FINISHED);
    assertThat(out.attempts().get(0).detail()).isEqualTo("overloaded: 529 overloaded");
    assertThat(out.last().models()).containsExactly(strong);
  }

  @Test
  void budgetExhaustionIsNotRetriedByDefault() {
    var model = ScriptedChatModel.looping(n -> calls(call("list_files", "depth", 1 + n % 5)));
    Attempts.Outcome out =
        attempts.run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo)
                .withBudget(Budget.DEFAULT.withMaxIterations(2))
                .withStuckRules(StuckRules.OFF),
            AttemptStrategy.fallback(List.of(model, model)),
            AgentListener.NONE,
            Cancellation.none());
    assertThat(out.attempts())
        .singleElement()
        .extracting(AttemptResult::endReason)
        .isEqualTo(EndReason.BUDGET_EXHAUSTED);
  }

  @Test
  void stopsAfterMaxAttempts() {
    var model = ScriptedChatModel.looping(n -> calls(call("read_file", "path", "README.md")));
    Attempts.Outcome out =
        attempts.run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo),
            AttemptStrategy.restartFresh(model, 2),
            AgentListener.NONE,
            Cancellation.none());
    assertThat(out.attempts()).hasSize(2).allMatch(a -> a.endReason() == EndReason.STUCK);
    assertThat(out.finished()).isFalse();
    assertThat(out.usage().total()).isEqualTo(8 * 120);
  }
}
