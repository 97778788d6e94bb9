package dev.specwright.agent;

import java.util.Locale;

/**
 * What an agent is for, which decides its tools: a developer changes files; a researcher and a
 * reviewer only read and run commands.
 */
public enum Role {
  DEVELOPER,
  RESEARCHER,
  REVIEWER;

  /** True when this role may write and edit files. */
  public boolean canWrite() {
    return this == DEVELOPER;
  }

  /** The lower-case name used on the command line, in prompts and in transcripts. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code developer}, {@code researcher} or {@code reviewer} (any case). */
  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + text + "'; expected developer, researcher or reviewer");
  }
}
