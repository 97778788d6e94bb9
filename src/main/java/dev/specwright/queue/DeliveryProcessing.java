package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.specwright.store.Database;
import dev.specwright.store.Deliveries;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.StoreException;
import dev.specwright.store.StoredDelivery;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process-delivery} step: runs the {@link DeliveryHandler} on one stored delivery and
 * records the result in {@code deliveries}. A handler exception is noted on the delivery and
 * rethrown, so the queue retries with backoff; when the job goes dead the delivery is marked failed
 * with the last error. A delivery already processed is not processed again.
 *
 * <p>The outcome and the removal of the finished job commit in one transaction, shared by the jobs
 * finishing at the same moment ({@link GroupCommit} of {@link OutcomeBatch}): no moment where a
 * delivery is processed but its job still queued, and one commit for many deliveries instead of two
 * each (db-scheduler would remove the job in a transaction of its own). The payload comes from
 * {@link FreshDeliveries} when this node stored it a moment ago, else from the database.
 */
public final class DeliveryProcessing implements DeadJobListener, AutoCloseable {

  public static final String TASK_NAME = "process-delivery";
  public static final TaskDescriptor<DeliveryJob> TASK =
      TaskDescriptor.of(TASK_NAME, DeliveryJob.class);

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessing.class);
  private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(30);

  private final Deliveries deliveries;
  private final FreshDeliveries fresh;
  private final DeliveryHandler handler;
  private final Clock clock;
  private final GroupCommit<OutcomeBatch.Finished, Boolean> outcomes;

  public DeliveryProcessing(
      Database db, Deliveries deliveries, DeliveryHandler handler, Clock clock) {
    this(db, deliveries, FreshDeliveries.none(), IntakeActivity.none(), handler, clock);
  }

  DeliveryProcessing(
      Database db,
      Deliveries deliveries,
      FreshDeliveries fresh,
      IntakeActivity intake,
      DeliveryHandler handler,
      Clock clock) {
    this.deliveries = deliveries;
    this.fresh = fresh;
    // Up to one job per worker thread finishes at a time; their outcomes share a commit.
    this.outcomes =
        new GroupCommit<>("outcome", db, new OutcomeBatch(db.dialect(), deliveries, intake), 64, 1);
    this.handler = handler;
    this.clock = clock;
  }

  /** The job instance for a delivery: its id is the delivery id, the idempotency key. */
  public static TaskInstance<DeliveryJob> jobFor(String deliveryId) {
    return TASK.instance(deliveryId).data(new DeliveryJob(deliveryId)).build();
  }

  /** The db-scheduler task to give to {@link JobQueue.Builder#task}. */
  public Task<DeliveryJob> task() {
    // A one-time task (so the queue gives it its retry policy) whose completion is its own.
    return new OneTimeTask<>(TASK_NAME, DeliveryJob.class) {
      @Override
      public CompletionHandler<DeliveryJob> execute(
          TaskInstance<DeliveryJob> instance, ExecutionContext context) {
        return process(instance, context);
      }

      @Override
      public void executeOnce(TaskInstance<DeliveryJob> instance, ExecutionContext context) {
        throw new UnsupportedOperationException("execute() runs the delivery");
      }
    };
  }

  private CompletionHandler<DeliveryJob> process(
      TaskInstance<DeliveryJob> instance, ExecutionContext context) {
    String id = instance.getId();
    Optional<Delivery> delivery = fresh.take(id);
    if (delivery.isEmpty()) {
      Optional<StoredDelivery> found = deliveries.find(id);
      if (found.isEmpty()) {
        LOG.warn("delivery {} has a job but is not stored; nothing to do", id);
        return new CompletionHandler.OnCompleteRemove<>();
      }
      if (found.get().status() != DeliveryStatus.PENDING) {
        LOG.debug("delivery {} is {} already; not processing it again", id, found.get().status());
        return new CompletionHandler.OnCompleteRemove<>();
      }
      delivery = Optional.of(found.get().delivery());
    }
    DeliveryHandler.Result result;
    try {
      result = handler.handle(delivery.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryProcessingException(id, e);
    } catch (Exception e) {
      deliveries.recordAttemptFailure(id, RetryingFailureHandler.describe(e));
      throw new DeliveryProcessingException(id, e);
    }
    DeliveryStatus status =
        result == DeliveryHandler.Result.HANDLED ? DeliveryStatus.HANDLED : DeliveryStatus.IGNORED;
    completeJob(context.getExecution(), id, status);
    return (complete, operations) -> {}; // the job row went with the outcome
  }

  /** Records the outcome and removes the job, with other jobs' in one commit. */
  private void completeJob(Execution execution, String id, DeliveryStatus status) {
    OutcomeBatch.Finished finished =
        new OutcomeBatch.Finished(
            execution.taskInstance.getTaskName(), id, execution.version, status, clock.now());
    boolean ours;
    try {
      ours = outcomes.write(finished, OUTCOME_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted recording the outcome of delivery " + id, e);
    } catch (SQLException | TimeoutException e) {
      throw new StoreException("cannot record the outcome of delivery " + id + ": " + e, e);
    }
    if (!ours) {
      // Another node took the job over (this one was thought dead): leave the outcome to it.
      throw new IllegalStateException(
          "job for delivery " + id + " was taken over by another node; outcome not recorded");
    }
  }

  /** Stops the outcome writer, after writing what it was handed. */
  @Override
  public void close() {
    outcomes.close();
  }

  @Override
  public void onDead(DeadJob job) {
    if (TASK_NAME.equals(job.taskName())) {
      deliveries.markProcessed(
          job.instanceId(), DeliveryStatus.FAILED, job.diedAt(), Optional.of(job.lastError()));
    }
  }

  /** A handler failure, carrying the handler's exception as its cause. */
  static final class DeliveryProcessingException extends RuntimeException {
    DeliveryProcessingException(String deliveryId, Throwable cause) {
      super("processing delivery " + deliveryId + " failed", cause);
    }
  }
}
