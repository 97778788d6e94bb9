package dev.specwright.playbook;

import static dev.specwright.playbook.AttemptStrategy.Ending.BUDGET_EXHAUSTED;
import static dev.specwright.playbook.AttemptStrategy.Ending.CANCELLED;
import static dev.specwright.playbook.AttemptStrategy.Ending.FINISHED;
import static dev.specwright.playbook.AttemptStrategy.Ending.MODEL_ERROR;
import static dev.specwright.playbook.AttemptStrategy.Ending.STUCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.ModelRef;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The next attempt's model, by restarts, fallbacks and the attempt limit. */
class AttemptStrategyTest {

  private static final ModelRef MINI = ModelRef.parse("openai:gpt-5-mini");
  private static final ModelRef HAIKU = ModelRef.parse("anthropic:claude-haiku-4-5");
  private static final RoleSettings DEVELOPER =
      new RoleSettings(
          MINI,
          List.of(HAIKU),
          BuiltInPlaybook.prompt(Role.DEVELOPER),
          AgentTool.ALL,
          BuiltInPlaybook.playbook().developer().budgets());

  private static AttemptStrategy strategy(
      int restarts, Set<FallbackTrigger> fallbackOn, int maxAttempts) {
    return new AttemptStrategy(new Strategies(restarts, fallbackOn, maxAttempts, 2), DEVELOPER);
  }

  /** Plays a run of endings and returns what each decision was, as readable strings. */
  private static List<String> play(AttemptStrategy s, AttemptStrategy.Ending... endings) {
    List<AttemptStrategy.Ended> history = new ArrayList<>();
    List<String> decisions = new ArrayList<>();
    AttemptStrategy.Next next = s.next(history);
    for (AttemptStrategy.Ending ending : endings) {
      var attempt = (AttemptStrategy.Next.Attempt) next;
      decisions.add(attempt.number() + " " + attempt.model());
      history.add(new AttemptStrategy.Ended(attempt.model(), ending));
      next = s.next(history);
    }
    decisions.add(
        next instanceof AttemptStrategy.Next.Stop stop
            ? "stop: " + stop.why()
            : "then " + ((AttemptStrategy.Next.Attempt) next).model());
    return decisions;
  }

  @Test
  void aStuckAttemptRestartsOnTheSameModelThenFallsBack() {
    assertThat(play(strategy(1, EnumSet.allOf(FallbackTrigger.class), 4), STUCK, STUCK, FINISHED))
        .containsExactly(
            "1 openai:gpt-5-mini",
            "2 openai:gpt-5-mini",
            "3 anthropic:claude-haiku-4-5",
            "stop: finished");
  }

  @Test
  void aModelErrorFallsBackAtOnce() {
    assertThat(play(strategy(1, EnumSet.allOf(FallbackTrigger.class), 4), MODEL_ERROR))
        .containsExactly("1 openai:gpt-5-mini", "then anthropic:claude-haiku-4-5");
  }

  @Test
  void anEndingNotListedInFallbackOnRetriesOnTheSameModel() {
    assertThat(play(strategy(0, EnumSet.of(FallbackTrigger.MODEL_ERROR), 4), BUDGET_EXHAUSTED))
        .containsExactly("1 openai:gpt-5-mini", "then openai:gpt-5-mini");
  }

  @Test
  void theLastModelOfTheChainKeepsGoingUntilTheAttemptLimit() {
    assertThat(
            play(
                strategy(0, EnumSet.allOf(FallbackTrigger.class), 3),
                STUCK,
                STUCK,
                BUDGET_EXHAUSTED))
        .containsExactly(
            "1 openai:gpt-5-mini",
            "2 anthropic:claude-haiku-4-5",
            "3 anthropic:claude-haiku-4-5",
            "stop: all 3 attempts used; the last ended budget_exhausted");
  }

  @Test
  void aCancelledAttemptIsNotRetried() {
    assertThat(play(strategy(1, EnumSet.allOf(FallbackTrigger.class), 4), CANCELLED))
        .containsExactly("1 openai:gpt-5-mini", "stop: cancelled");
  }

  @Test
  void theShippedDefaultsGiveAStuckDeveloperOneRestartThenItsFallback() {
    Playbook p =
        PlaybookLibrary.at(java.nio.file.Path.of("playbooks")).resolve("default").playbook();
    var s = new AttemptStrategy(p.strategies(), p.developer());
    assertThat(play(s, STUCK, STUCK, STUCK, STUCK))
        .containsExactly(
            "1 openai:gpt-5-mini",
            "2 openai:gpt-5-mini",
            "3 anthropic:claude-haiku-4-5",
            "4 anthropic:claude-haiku-4-5",
            "stop: all 4 attempts used; the last ended stuck");
  }
}
