package dev.specwright.agent;

import java.util.Locale;

/** Why an attempt ended. Every attempt ends with exactly one of these, recorded. */
public enum EndReason {
  /** The agent called {@code finish} with a summary. */
  FINISHED,
  /** An iteration, token, cost or wall-time budget ran out. */
  BUDGET_EXHAUSTED,
  /** A stuck rule fired (repetition, failing loop, monologue, alternation). */
  STUCK,
  /** The model failed for good (retries and fallbacks inside the model were spent). */
  MODEL_ERROR,
  /** The caller cancelled the attempt or interrupted its thread. */
  CANCELLED;

  /** {@code finished}, {@code budget_exhausted}, … as stored and shown. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EndReason parse(String wire) {
    return valueOf(wire.trim().toUpperCase(Locale.ROOT));
  }
}
