package dev.specwright.command;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a task-key argument before it reaches the run: plan keys are short slugs, so anything else
 * (markup, mentions, very long text) is refused here rather than echoed around.
 */
final class TaskKeyArgument {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private TaskKeyArgument() {}

  static String check(String text) {
    if (!KEY.matcher(text).matches()) {
      throw new CommandRefused(
          CodeSpan.of(text)
              + " is not a subtask key; keys are letters, digits, '.', '_' and '-', as in the plan.");
    }
    return text;
  }

  /**
   * The one optional task-key argument of commands like {@code /retry} and {@code /cancel}: the key
   * given, else the subtask of the PR the command was given on, else none (the whole run).
   */
  static Optional<String> optional(List<String> args, CommandContext context, String usage) {
    if (args.size() > 1) {
      throw new CommandRefused("takes at most one subtask key. Usage: `" + usage + "`");
    }
    if (args.size() == 1) {
      return Optional.of(check(args.getFirst()));
    }
    return context.defaultTaskKey();
  }
}
