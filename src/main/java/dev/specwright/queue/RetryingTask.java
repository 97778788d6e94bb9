package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;

/**
 * A contributed task with the queue's retry policy in place of its own failure and dead-execution
 * handlers, so that every step retries, backs off and dies the same way however its author built
 * it.
 */
final class RetryingTask<T> implements Task<T> {

  private final Task<T> task;
  private final FailureHandler<T> failureHandler;

  RetryingTask(Task<T> task, FailureHandler<T> failureHandler) {
    this.task = task;
    this.failureHandler = failureHandler;
  }

  @Override
  public CompletionHandler<T> execute(TaskInstance<T> instance, ExecutionContext context) {
    return task.execute(instance, context);
  }

  @Override
  public String getName() {
    return task.getName();
  }

  @Override
  public Class<T> getDataClass() {
    return task.getDataClass();
  }

  @Override
  public TaskInstance<T> instance(String id) {
    return task.instance(id);
  }

  @Override
  public TaskInstance<T> instance(String id, T data) {
    return task.instance(id, data);
  }

  @Override
  public TaskInstance.Builder<T> instanceBuilder(String id) {
    return task.instanceBuilder(id);
  }

  @Override
  public SchedulableInstance<T> schedulableInstance(String id) {
    return task.schedulableInstance(id);
  }

  @Override
  public SchedulableInstance<T> schedulableInstance(String id, T data) {
    return task.schedulableInstance(id, data);
  }

  @Override
  public FailureHandler<T> getFailureHandler() {
    return failureHandler;
  }

  /**
   * A job whose node stopped heartbeating counts as a failed attempt, so a job that kills its node
   * every time ends in {@code dead_jobs} instead of crashing node after node for ever
   * (db-scheduler's default revives it with no limit).
   */
  @Override
  public DeadExecutionHandler<T> getDeadExecutionHandler() {
    return failureHandler::onFailure;
  }

  @Override
  public int getDefaultPriority() {
    return task.getDefaultPriority();
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
