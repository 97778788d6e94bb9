package dev.specwright.command;

import java.util.List;
import java.util.Optional;

/**
 * {@code /cancel [task-key]}: stops one subtask (on a PR: its own by default) or, on the issue
 * without a key, the whole run. Running agents stop, workspaces are removed, nothing more is
 * pushed.
 */
public final class CancelCommand implements Command<Optional<String>> {

  private final RunCommands run;

  public CancelCommand(RunCommands run) {
    this.run = run;
  }

  @Override
  public String name() {
    return "cancel";
  }

  @Override
  public String usage() {
    return "/cancel [task-key]";
  }

  @Override
  public String help() {
    return "Stop one subtask (on a PR: its own), or on the issue the whole run.";
  }

  @Override
  public List<String> examples() {
    return List.of("/cancel", "/cancel api-client");
  }

  @Override
  public Optional<String> parse(List<String> args, CommandContext context) {
    return TaskKeyArgument.optional(args, context, usage());
  }

  @Override
  public String run(Optional<String> taskKey, CommandContext context) {
    RunRef target = context.requireRun();
    if (taskKey.isPresent()) {
      run.cancelTask(target, taskKey.get());
      return "Cancelled subtask "
          + CodeSpan.of(taskKey.get())
          + ": its agent stops, its workspace is removed and nothing more is pushed.";
    }
    run.cancelRun(target);
    return "Cancelled the run: running agents stop, their workspaces are removed and nothing more"
        + " is pushed.";
  }
}
