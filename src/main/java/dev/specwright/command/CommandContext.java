package dev.specwright.command;

import java.util.Optional;

/**
 * Where a command was given: the repository, the issue or PR number, the run it belongs to (empty
 * when the issue or PR is not Specwright's), on a PR the subtask it carries, and who gave it.
 */
public record CommandContext(
    RepoRef repo,
    int number,
    boolean onPullRequest,
    Optional<RunRef> run,
    Optional<TaskRef> task,
    String author) {

  /** The run, or a refusal saying there is none here. */
  public RunRef requireRun() {
    return run.orElseThrow(
        () ->
            new CommandRefused(
                onPullRequest
                    ? "this pull request is not one of Specwright's subtasks."
                    : "there is no Specwright run on this issue; label it as a spec to start one."));
  }

  /** On a subtask's PR, that subtask's key: the default target of commands taking a task key. */
  public Optional<String> defaultTaskKey() {
    return task.map(TaskRef::taskKey);
  }
}
