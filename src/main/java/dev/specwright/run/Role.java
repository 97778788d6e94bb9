package dev.specwright.run;

import java.util.Locale;

/** The agent roles of a spec run. */
public enum Role {
  RESEARCHER,
  PLANNER,
  DEVELOPER,
  REVIEWER;

  /** Lower-case name as users write it ({@code /switch-model developer ...}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a role name case-insensitively, or returns null when it is not one. */
  public static Role parseOrNull(String text) {
    for (Role r : values()) {
      if (r.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return r;
      }
    }
    return null;
  }
}
