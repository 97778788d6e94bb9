package dev.specwright.playbook;

import dev.specwright.llm.ModelRef;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which model a subtask's next attempt runs on, as a playbook's {@link Strategies} say: restart a
 * stuck attempt on the same model up to {@code restarts_on_stuck} times, move along the role's
 * fallback chain after an ending listed in {@code fallback_on}, and stop at {@code max_attempts}.
 * Pure: the run passes the attempts so far and gets the decision, so retries stay code, not tokens.
 */
public final class AttemptStrategy {

  /** How an attempt ended, as the agent loop records it. */
  public enum Ending {
    FINISHED,
    STUCK,
    BUDGET_EXHAUSTED,
    MODEL_ERROR,
    CANCELLED
  }

  /** One attempt that has ended: the model it ran on and how it ended. */
  public record Ended(ModelRef model, Ending ending) {
    public Ended {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(ending, "ending");
    }
  }

  /** The decision. */
  public sealed interface Next {
    /** Run attempt {@code number} (from 1) on {@code model}, with a fresh context. */
    record Attempt(int number, ModelRef model, String why) implements Next {}

    /** Do not run another attempt. */
    record Stop(String why) implements Next {}
  }

  private final Strategies strategies;
  private final List<ModelRef> chain;

  public AttemptStrategy(Strategies strategies, RoleSettings role) {
    this(strategies, role.modelChain());
  }

  /** The strategy along a given model chain (a run's chain, with any switched-to model first). */
  public AttemptStrategy(Strategies strategies, List<ModelRef> chain) {
    this.strategies = Objects.requireNonNull(strategies, "strategies");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a strategy needs at least one model");
    }
    this.chain = List.copyOf(chain);
  }

  /** The next step after the attempts so far (oldest first). */
  public Next next(List<Ended> history) {
    if (history.isEmpty()) {
      return new Next.Attempt(1, chain.get(0), "first attempt");
    }
    Ended last = history.get(history.size() - 1);
    if (last.ending() == Ending.FINISHED) {
      return new Next.Stop("finished");
    }
    if (last.ending() == Ending.CANCELLED) {
      return new Next.Stop("cancelled");
    }
    int number = history.size() + 1;
    if (history.size() >= strategies.maxAttempts()) {
      return new Next.Stop(
          "all " + strategies.maxAttempts() + " attempts used; the last ended " + name(last));
    }
    ModelRef current = last.model();
    if (last.ending() == Ending.STUCK) {
      int stuckInARow = 0;
      for (int i = history.size() - 1; i >= 0; i--) {
        Ended e = history.get(i);
        if (!e.model().equals(current) || e.ending() != Ending.STUCK) {
          break;
        }
        stuckInARow++;
      }
      if (stuckInARow <= strategies.restartsOnStuck()) {
        return new Next.Attempt(
            number,
            current,
            "restart with a fresh context after stuck ("
                + stuckInARow
                + " of "
                + strategies.restartsOnStuck()
                + ")");
      }
    }
    FallbackTrigger trigger =
        switch (last.ending()) {
          case STUCK -> FallbackTrigger.STUCK;
          case BUDGET_EXHAUSTED -> FallbackTrigger.BUDGET_EXHAUSTED;
          case MODEL_ERROR -> FallbackTrigger.MODEL_ERROR;
          case FINISHED, CANCELLED -> throw new IllegalStateException("handled above");
        };
    int at = chain.indexOf(current);
    if (strategies.fallbackOn().contains(trigger) && at >= 0 && at + 1 < chain.size()) {
      ModelRef fallback = chain.get(at + 1);
      return new Next.Attempt(
          number, fallback, "fallback from " + current + " after " + name(last));
    }
    return new Next.Attempt(number, current, "retry on " + current + " after " + name(last));
  }

  private static String name(Ended e) {
    return e.ending().name().toLowerCase(Locale.ROOT);
  }
}
