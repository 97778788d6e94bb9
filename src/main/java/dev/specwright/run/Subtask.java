package dev.specwright.run;

import java.util.List;

/**
 * A subtask as stored: the plan's fields, its state, branch and PR, the model that last worked on
 * it, its accumulated figures (all attempts), and why it is where it is.
 *
 * @param attempts developer attempts started so far (also the develop job's instance suffix)
 * @param failures consecutive failed attempts in the current round (drives the retry strategy)
 * @param incomplete the PR holds unfinished work (a draft marked incomplete)
 */
public record Subtask(
    long runId,
    String key,
    int position,
    String title,
    String description,
    List<String> acceptanceCriteria,
    List<String> files,
    List<String> dependsOn,
    TaskState state,
    String branch,
    String baseBranch,
    Integer prNumber,
    String headSha,
    String model,
    String modelOverride,
    int attempts,
    int failures,
    Figures figures,
    int reviewRounds,
    String revisionNotes,
    String summary,
    String reason,
    boolean incomplete,
    Integer subIssue) {}
