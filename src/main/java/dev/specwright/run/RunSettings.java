package dev.specwright.run;

import java.time.Duration;

/**
 * How the orchestrator itself behaves (not the run's policy).
 *
 * @param defaultPolicy the policy a run starts with when none is given
 * @param statusDebounce at most one status-comment edit per run in this interval
 * @param stepRetryDelay delay before a failed step (a GitHub 5xx, a lost connection) runs again
 * @param stepAttempts how often a step runs before its subtask (or run) is failed
 */
public record RunSettings(
    RunPolicy defaultPolicy, Duration statusDebounce, Duration stepRetryDelay, int stepAttempts) {

  public static RunSettings of(RunPolicy policy) {
    return new RunSettings(policy, Duration.ofSeconds(3), Duration.ofSeconds(30), 5);
  }
}
