package dev.specwright.agent;

import java.util.Set;

/**
 * Which tools an agent is offered, by their names ({@code list_files}, {@code read_file}, {@code
 * search}, {@code write_file}, {@code edit_file}, {@code run_command}, {@code run_tests}), and the
 * repository's test command that {@code run_tests} runs. {@code finish} is always offered; the
 * write tools only to a role that may write; {@code run_tests} only when there is a test command.
 *
 * @param names the tools, or null for the role's default set
 * @param testCommand the command {@code run_tests} runs; empty for none
 */
public record ToolChoice(Set<String> names, String testCommand) {

  /** The role's built-in set: every tool for a developer, the reading ones otherwise. */
  public static final ToolChoice ROLE_DEFAULT = new ToolChoice(null, "");

  public ToolChoice {
    names = names == null ? null : Set.copyOf(names);
    testCommand = testCommand == null ? "" : testCommand.strip();
  }

  /** Whether the agent is offered the tool {@code name}. */
  boolean offers(String name, Role role) {
    if (names == null) {
      return !name.equals("run_tests") || !testCommand.isEmpty();
    }
    return names.contains(name);
  }
}
