package dev.specwright.command;

import java.util.Optional;

/**
 * Port: which run or subtask an issue, pull request or check run belongs to. Empty means "not
 * Specwright's", and the event is left alone.
 */
public interface TaskLookup {

  /** The run whose spec issue this is. */
  Optional<RunRef> runForIssue(RepoRef repo, int issueNumber);

  /** The subtask whose pull request this is. */
  Optional<TaskRef> taskForPullRequest(RepoRef repo, int pullNumber);

  /**
   * The subtask of a check run Specwright created; {@code externalId} is what Specwright set when
   * creating it, {@code headBranch} the subtask's branch ({@code specwright/<issue>-<slug>/<key>}).
   */
  Optional<TaskRef> taskForCheckRun(
      RepoRef repo, long checkRunId, String externalId, String headBranch);
}
