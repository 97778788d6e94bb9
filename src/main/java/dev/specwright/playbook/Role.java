package dev.specwright.playbook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The four agent roles of a run, each configured by its own section of a playbook. */
public enum Role {
  RESEARCHER,
  PLANNER,
  DEVELOPER,
  REVIEWER;

  /** The key of the role's section in a playbook, e.g. {@code developer}. */
  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Role of(String key) {
    return Arrays.stream(values())
        .filter(r -> r.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no role " + key));
  }
}
