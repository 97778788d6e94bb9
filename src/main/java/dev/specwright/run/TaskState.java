package dev.specwright.run;

import java.util.Locale;

/**
 * Where a subtask is. RUNNING and REVIEWING hold one of the run's agent slots. PUSHED waits for a
 * QA slot; IN_REVIEW waits for the human.
 */
public enum TaskState {
  PENDING,
  READY,
  RUNNING,
  PUSHED,
  REVIEWING,
  CHANGES_REQUESTED,
  IN_REVIEW,
  MERGED,
  FAILED,
  STUCK,
  BLOCKED,
  CANCELLED,
  ABANDONED;

  /** States that make every dependent blocked. */
  public boolean blocksDependents() {
    return this == FAILED
        || this == STUCK
        || this == BLOCKED
        || this == CANCELLED
        || this == ABANDONED;
  }

  /** Holds an agent slot. */
  public boolean busy() {
    return this == RUNNING || this == REVIEWING;
  }

  /** Has a pushed branch a dependent may build on when the policy allows it. */
  public boolean pushed() {
    return this == PUSHED || this == REVIEWING || this == IN_REVIEW || this == MERGED;
  }

  /** May be retried by {@code /retry} without naming it. */
  public boolean retryable() {
    return this == FAILED || this == STUCK || this == BLOCKED;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
