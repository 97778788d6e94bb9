package dev.specwright.playbook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How an attempt ended, as far as choosing the next model goes: after an attempt that ended like
 * one of a playbook's {@code strategies.fallback_on}, the next attempt runs on the next model of
 * the role's fallback chain. The names are the attempt end reasons of the agent loop.
 */
public enum FallbackTrigger {
  /** The stuck detector ended the attempt (after {@code restarts_on_stuck} fresh restarts). */
  STUCK,
  /** A budget (iterations, tokens, cost, wall time) ended the attempt. */
  BUDGET_EXHAUSTED,
  /** The provider kept failing after its retries were spent. */
  MODEL_ERROR;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static FallbackTrigger of(String key) {
    return Arrays.stream(values())
        .filter(t -> t.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no fallback trigger " + key));
  }
}
