package dev.specwright.playbook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** When a subtask that depends on others becomes ready to start. */
public enum DependencyGate {
  /** Only when every dependency's PR is merged (safe: builds on reviewed code). */
  MERGED,
  /** As soon as every dependency's branch is pushed (fast: builds on unreviewed code). */
  PUSHED;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static DependencyGate of(String key) {
    return Arrays.stream(values())
        .filter(g -> g.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no dependency gate " + key));
  }
}
