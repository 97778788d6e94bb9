package dev.specwright.command;

/**
 * Port: what the run does when people review, merge, close or re-run a subtask's PR. Throws {@link
 * CommandRefused} when the subtask cannot take the request in its state.
 */
public interface HumanLoop {

  /**
   * Sends the subtask back to a developer agent with the review as input; it pushes to the same PR
   * and replies in each thread it addressed.
   */
  void onChangesRequested(TaskRef task, HumanReview review);

  /**
   * Merged: the subtask is done and dependents become ready. Not merged: the subtask is abandoned
   * and its dependents blocked.
   */
  void onPullRequestClosed(TaskRef task, boolean merged);

  /** Runs the subtask again after "Re-run" on its check run. */
  void rerun(TaskRef task);
}
