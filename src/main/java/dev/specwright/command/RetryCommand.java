package dev.specwright.command;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /retry [task-key]}: on a PR, runs its subtask again (a fresh attempt on the same branch;
 * the PR stays); on the issue, the named subtask, or every failed, stuck or blocked one, or the
 * plan if planning failed.
 */
public final class RetryCommand implements Command<Optional<String>> {

  private final RunCommands run;

  public RetryCommand(RunCommands run) {
    this.run = run;
  }

  @Override
  public String name() {
    return "retry";
  }

  @Override
  public String usage() {
    return "/retry [task-key]";
  }

  @Override
  public String help() {
    return "Run a subtask again (on a PR: its own); on the issue without a key, every failed,"
        + " stuck or blocked subtask, or the plan if planning failed.";
  }

  @Override
  public List<String> examples() {
    return List.of("/retry", "/retry api-client");
  }

  @Override
  public Optional<String> parse(List<String> args, CommandContext context) {
    return TaskKeyArgument.optional(args, context, usage());
  }

  @Override
  public String run(Optional<String> taskKey, CommandContext context) {
    RunRef target = context.requireRun();
    if (taskKey.isPresent()) {
      run.retryTask(target, taskKey.get());
      return "Retrying subtask "
          + CodeSpan.of(taskKey.get())
          + ": a fresh attempt on the same branch; its pull request stays.";
    }
    List<String> retried = run.retryStalled(target);
    if (retried.isEmpty()) {
      return "Nothing to retry: no subtask is failed, stuck or blocked, and planning did not fail.";
    }
    return "Retrying " + retried.stream().map(CodeSpan::of).collect(Collectors.joining(", ")) + ".";
  }
}
