package dev.specwright.run;

import java.util.List;

/** One subtask as the planner proposed it and the validator accepted it. */
public record PlannedTask(
    String key,
    String title,
    String description,
    List<String> acceptanceCriteria,
    List<String> files,
    List<String> dependsOn) {

  public PlannedTask {
    acceptanceCriteria = List.copyOf(acceptanceCriteria);
    files = List.copyOf(files);
    dependsOn = List.copyOf(dependsOn);
  }
}
