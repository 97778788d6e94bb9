package dev.specwright.playbook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A tool a playbook may give a role's agent. {@code finish} is not listed: every agent has it.
 * Paths are always confined to the workspace and to what {@link ProtectedPaths} allows.
 */
public enum AgentTool {
  LIST_FILES,
  READ_FILE,
  SEARCH,
  WRITE_FILE,
  EDIT_FILE,
  RUN_COMMAND,
  RUN_TESTS;

  /** The tools that only look: what the researcher and the reviewer get by default. */
  public static final Set<AgentTool> READ_ONLY =
      Set.copyOf(EnumSet.of(LIST_FILES, READ_FILE, SEARCH, RUN_TESTS));

  /** Everything a developer gets by default. */
  public static final Set<AgentTool> ALL = Set.copyOf(EnumSet.allOf(AgentTool.class));

  /** The name in a playbook and in the model's tool list, e.g. {@code read_file}. */
  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the tool can change the workspace. */
  public boolean writes() {
    return this == WRITE_FILE || this == EDIT_FILE || this == RUN_COMMAND;
  }

  @JsonCreator
  public static AgentTool of(String key) {
    return Arrays.stream(values())
        .filter(t -> t.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tool " + key));
  }
}
