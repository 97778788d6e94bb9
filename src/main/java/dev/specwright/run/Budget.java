package dev.specwright.run;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Limits for one agent attempt. The agent loop stops at the first one reached and reports {@link
 * Agents.EndReason#BUDGET_EXHAUSTED}.
 */
public record Budget(int maxIterations, long maxTokens, Duration maxWall, BigDecimal maxCostUsd) {

  public static Budget of(int maxIterations, long maxTokens, Duration maxWall, String maxCostUsd) {
    return new Budget(maxIterations, maxTokens, maxWall, new BigDecimal(maxCostUsd));
  }
}
