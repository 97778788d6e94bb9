package dev.specwright.playbook;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the run reacts when an attempt does not finish, and how long review goes back and forth.
 *
 * @param restartsOnStuck fresh-context restarts on the same model after a {@code stuck} ending,
 *     before the stuck ending counts toward {@code fallbackOn}
 * @param fallbackOn the endings after which the next attempt moves to the next model of the role's
 *     fallback chain (a model that is not in the chain stays on the last one)
 * @param maxAttempts attempts per subtask in all, restarts and fallbacks included
 * @param reviewRounds times a {@code REQUEST_CHANGES} review sends a subtask back to a developer
 *     before it waits for a human
 */
public record Strategies(
    int restartsOnStuck, Set<FallbackTrigger> fallbackOn, int maxAttempts, int reviewRounds) {

  public Strategies {
    Objects.requireNonNull(fallbackOn, "fallbackOn");
    fallbackOn =
        fallbackOn.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(fallbackOn));
    if (restartsOnStuck < 0 || maxAttempts < 1 || reviewRounds < 0) {
      throw new IllegalArgumentException("strategies out of range");
    }
  }
}
