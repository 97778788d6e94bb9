package dev.specwright.queue;

import java.time.Duration;

/**
 * How a failed job is retried: after the n-th failure it waits {@code initialDelay * 2^(n-1)},
 * never more than {@code maxDelay}; after {@code maxAttempts} failed attempts it is dead.
 *
 * @param initialDelay the wait after the first failure
 * @param maxDelay the cap on any one wait
 * @param maxAttempts attempts in all, the first included (1 means never retry)
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {

  /** Five seconds, doubling up to fifteen minutes, ten attempts (about an hour in all). */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(15), 10);

  public RetryPolicy {
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initialDelay must be positive");
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be at least initialDelay");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** The wait after the given number of consecutive failures (1 = the first). */
  public Duration delayAfter(int failures) {
    if (failures < 1) {
      return Duration.ZERO;
    }
    // Double without overflow: stop doubling once past the cap.
    Duration delay = initialDelay;
    for (int i = 1; i < failures && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }

  /** True when a job that has failed this many times in a row may not run again. */
  public boolean exhaustedAfter(int failures) {
    return failures >= maxAttempts;
  }
}
