package dev.specwright.playbook;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * What one attempt of a role's agent may spend before it is ended as {@code budget_exhausted}.
 *
 * @param iterations model turns
 * @param tokens input plus output tokens, cached ones included
 * @param costUsd model cost in US dollars
 * @param wallTime time from the first model call to the end
 */
public record Budgets(int iterations, long tokens, BigDecimal costUsd, Duration wallTime) {
  public Budgets {
    Objects.requireNonNull(costUsd, "costUsd");
    Objects.requireNonNull(wallTime, "wallTime");
    if (iterations < 1 || tokens < 1 || costUsd.signum() <= 0 || !wallTime.isPositive()) {
      throw new IllegalArgumentException("budgets must be positive: " + iterations);
    }
  }
}
