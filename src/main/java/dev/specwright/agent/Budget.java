package dev.specwright.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The limits of one attempt, as data. Tokens count everything the provider processed (input,
 * output, cache writes and cache reads). Cost compares the known part of the spend: a model without
 * a price adds nothing to it, so set a token budget too when prices may be unknown.
 *
 * @param maxIterations model calls allowed (each call is one iteration)
 * @param maxTokens total tokens allowed, or 0 for no limit
 * @param maxCostUsd dollars allowed, or empty for no limit
 * @param maxWallTime wall time allowed, from the start of the attempt
 */
public record Budget(
    int maxIterations, long maxTokens, Optional<BigDecimal> maxCostUsd, Duration maxWallTime) {

  /** Generous defaults for one developer task: 50 iterations, 2M tokens, $5, 30 minutes. */
  public static final Budget DEFAULT =
      new Budget(50, 2_000_000, Optional.of(new BigDecimal("5.00")), Duration.ofMinutes(30));

  public Budget {
    Objects.requireNonNull(maxCostUsd, "maxCostUsd");
    Objects.requireNonNull(maxWallTime, "maxWallTime");
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be at least 1");
    }
    if (maxTokens < 0) {
      throw new IllegalArgumentException("maxTokens must not be negative");
    }
    if (maxWallTime.isNegative() || maxWallTime.isZero()) {
      throw new IllegalArgumentException("maxWallTime must be positive");
    }
    maxCostUsd.ifPresent(
        c -> {
          if (c.signum() < 0) {
            throw new IllegalArgumentException("maxCostUsd must not be negative");
          }
        });
  }

  public Budget withMaxIterations(int n) {
    return new Budget(n, maxTokens, maxCostUsd, maxWallTime);
  }

  public Budget withMaxTokens(long n) {
    return new Budget(maxIterations, n, maxCostUsd, maxWallTime);
  }

  public Budget withMaxCostUsd(BigDecimal usd) {
    return new Budget(maxIterations, maxTokens, Optional.ofNullable(usd), maxWallTime);
  }

  public Budget withMaxWallTime(Duration d) {
    return new Budget(maxIterations, maxTokens, maxCostUsd, d);
  }

  /** Which budget ran out; the name is recorded as the attempt's end detail. */
  public enum Kind {
    ITERATIONS,
    TOKENS,
    COST,
    WALL_TIME;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
