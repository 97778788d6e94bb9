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
   * The subtask whose branch this is ({@code specwright/<issue>-<slug>/<task-key>}); used when
   * someone re-runs Specwright's check run or check suite on the subtask's PR.
   */
  Optional<TaskRef> taskForBranch(RepoRef repo, String branch);
}
