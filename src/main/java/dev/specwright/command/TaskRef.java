package dev.specwright.command;

import java.util.Objects;

/** One subtask of a run, named by its plan key (e.g. {@code api-client}). */
public record TaskRef(RunRef run, String taskKey) {

  public TaskRef {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(taskKey, "taskKey");
  }
}
