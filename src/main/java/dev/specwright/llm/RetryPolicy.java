package dev.specwright.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * How a model call is retried: up to {@code maxAttempts} calls in all, waiting {@code initialDelay
 * × 2^(n-1)} (at most {@code maxDelay}) with "full jitter" between them, or exactly what the
 * provider's {@code retry-after} asks when it asks. A {@code retry-after} longer than {@code
 * maxRetryAfter} is not waited for: the call fails at once so that a fallback model can answer
 * instead.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {

  /** Four calls in all over about 15 s, waiting up to two minutes when told to. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(2));

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /**
   * The backoff before attempt {@code attempt + 1}, given {@code attempt} failed (1-based): a
   * random wait between half and all of the exponential step, so that many agents hitting the same
   * limit do not retry in step. {@code random} is in [0, 1).
   */
  Duration backoff(int attempt, double random) {
    long base = initialDelay.toMillis();
    long step = base << Math.min(attempt - 1, 20);
    long capped = Math.min(step, maxDelay.toMillis());
    return Duration.ofMillis(capped / 2 + (long) (random * (capped - capped / 2)));
  }
}
