package dev.specwright.command;

import dev.specwright.llm.ModelRef;
import java.util.List;

/**
 * Port: the run operations the comment commands call. Each either does what it says or throws
 * {@link CommandRefused} with a reason for the person who asked (e.g. "no subtask named x; the
 * subtasks are a, b"); any other exception is reported as an internal failure and logged.
 */
public interface RunCommands {

  /** Runs one subtask again: a fresh attempt on the same branch; its PR stays. */
  void retryTask(RunRef run, String taskKey);

  /**
   * Retries every failed, stuck or blocked subtask, or the plan when planning failed.
   *
   * @return what was retried: subtask keys, or {@code "plan"}; empty when nothing needed it
   */
  List<String> retryStalled(RunRef run);

  /**
   * Sets the model of a role for this run.
   *
   * @return the subtasks retried at once with the new model (those failed or stuck); running ones
   *     use it from their next attempt
   */
  List<String> switchRoleModel(RunRef run, Role role, ModelRef model);

  /**
   * Sets the model of one subtask.
   *
   * @return true if the subtask was failed or stuck and is retried now with the new model; false if
   *     it uses the model from its next attempt
   */
  boolean switchTaskModel(RunRef run, String taskKey, ModelRef model);

  /** Stops the run: running agents stop, workspaces are removed, nothing more is pushed. */
  void cancelRun(RunRef run);

  /** Stops one subtask the same way. */
  void cancelTask(RunRef run, String taskKey);

  /**
   * Refreshes the run's status comment now.
   *
   * @return the status comment's URL
   */
  String refreshStatus(RunRef run);

  /**
   * Plans again, keeping the subtasks already merged. Refuses while the run is cancelled or done.
   */
  void replan(RunRef run);

  /**
   * Starts implementing a plan that waits for approval; refuses (saying so) when plan approval is
   * off or no plan is waiting.
   */
  void approve(RunRef run);
}
