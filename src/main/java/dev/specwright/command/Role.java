package dev.specwright.command;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The agent roles of a run whose model {@code /switch-model} can change. */
public enum Role {
  PLANNER,
  RESEARCHER,
  DEVELOPER,
  REVIEWER;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String text) {
    return Arrays.stream(values()).filter(r -> r.label().equalsIgnoreCase(text)).findFirst();
  }
}
