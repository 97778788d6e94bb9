package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's db-scheduler {@link FailureHandler}: exponential backoff with a cap, then a dead job
 * with its last error. A job interrupted because the queue is closing is not a failure: it is left
 * for {@link JobQueue#close()} to release, and runs again elsewhere without losing an attempt.
 */
final class RetryingFailureHandler<T> implements FailureHandler<T> {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingFailureHandler.class);

  private final RetryPolicy policy;
  private final DeadJobs deadJobs;
  private final List<DeadJobListener> listeners;
  private final Serializer serializer;
  private final BooleanSupplier closing;

  RetryingFailureHandler(
      RetryPolicy policy,
      DeadJobs deadJobs,
      List<DeadJobListener> listeners,
      Serializer serializer,
      BooleanSupplier closing) {
    this.policy = policy;
    this.deadJobs = deadJobs;
    this.listeners = listeners;
    this.serializer = serializer;
    this.closing = closing;
  }

  @Override
  public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
    Execution execution = complete.getExecution();
    Throwable cause = complete.getCause().orElse(null);
    if (closing.getAsBoolean() && interrupted(cause)) {
      LOG.info("{} interrupted by shutdown; it will be released", execution.taskInstance);
      return;
    }
    int failures = execution.consecutiveFailures + 1;
    if (!policy.exhaustedAfter(failures)) {
      operations.reschedule(complete, complete.getTimeDone().plus(policy.delayAfter(failures)));
      return;
    }
    DeadJob dead =
        new DeadJob(
            execution.taskInstance.getTaskName(),
            execution.taskInstance.getId(),
            json(execution.taskInstance.getData()),
            failures,
            describe(cause),
            complete.getTimeDone());
    // Record first, then remove: a crash in between leaves the job to run again, never lost.
    deadJobs.record(dead);
    operations.stop();
    LOG.warn(
        "{} is dead after {} attempts: {}", execution.taskInstance, failures, dead.lastError());
    for (DeadJobListener listener : listeners) {
      try {
        listener.onDead(dead);
      } catch (RuntimeException e) {
        LOG.error("dead-job listener failed for {}", execution.taskInstance, e);
      }
    }
  }

  private String json(Object data) {
    if (data == null) {
      return null;
    }
    try {
      return new String(serializer.serialize(data), StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The exception and its causes, one per line: enough to act on, without a stack trace. */
  static String describe(Throwable cause) {
    if (cause == null) {
      // db-scheduler reports a dead execution (stale heartbeat) as a failure without a cause.
      return "its node stopped heartbeating while running it (crashed, killed or hung)";
    }
    StringBuilder s = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (!s.isEmpty()) {
        s.append("\ncaused by: ");
      }
      s.append(t);
    }
    return s.toString();
  }

  private static boolean interrupted(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException
          || t instanceof InterruptedIOException
          || t instanceof ClosedByInterruptException) {
        return true;
      }
    }
    return Thread.currentThread().isInterrupted();
  }
}
