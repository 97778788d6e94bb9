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
import dev.specwright.store.Dialect;
import dev.specwright.store.StoreException;
import dev.specwright.store.StoredDelivery;
import dev.specwright.store.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process-delivery} step: runs the {@link DeliveryHandler} on one stored delivery and
 * records the result in {@code deliveries}. A handler exception is noted on the delivery and
 * rethrown, so the queue retries with backoff; when the job goes dead the delivery is marked failed
 * with the last error. A delivery already processed is not processed again.
 *
 * <p>The outcome and the removal of the finished job commit in one transaction: one commit per
 * delivery instead of two (db-scheduler would remove the job in a transaction of its own), and no
 * moment where a delivery is processed but its job still queued.
 */
public final class DeliveryProcessing implements DeadJobListener {

  public static final String TASK_NAME = "process-delivery";
  public static final TaskDescriptor<DeliveryJob> TASK =
      TaskDescriptor.of(TASK_NAME, DeliveryJob.class);

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessing.class);

  private final Database db;
  private final Deliveries deliveries;
  private final FreshDeliveries fresh;
  private final DeliveryHandler handler;
  private final Clock clock;

  public DeliveryProcessing(
      Database db, Deliveries deliveries, DeliveryHandler handler, Clock clock) {
    this(db, deliveries, FreshDeliveries.none(), handler, clock);
  }

  DeliveryProcessing(
      Database db,
      Deliveries deliveries,
      FreshDeliveries fresh,
      DeliveryHandler handler,
      Clock clock) {
    this.db = db;
    this.deliveries = deliveries;
    this.fresh = fresh;
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

  /**
   * Records the outcome and removes the job, in one transaction, fenced by the job's version. On
   * PostgreSQL that is one statement (one round trip instead of five); SQLite has no round trips
   * and no data-modifying {@code WITH}, so it runs the two statements in a transaction.
   */
  private void completeJob(Execution execution, String id, DeliveryStatus status) {
    try (Connection c = db.dataSource().getConnection()) {
      boolean done =
          db.dialect() == Dialect.POSTGRESQL
              ? completeInOneStatement(c, execution, id, status)
              : completeInTransaction(c, execution, id, status);
      if (!done) {
        // Another node took the job over (this one was thought dead): leave the outcome to it.
        throw new IllegalStateException(
            "job for delivery " + id + " was taken over by another node; outcome not recorded");
      }
    } catch (SQLException e) {
      throw new StoreException("cannot record the outcome of delivery " + id + ": " + e, e);
    }
  }

  private static final String REMOVE_JOB =
      "DELETE FROM scheduled_tasks WHERE task_name = ? AND task_instance = ? AND version = ?";

  private boolean completeInOneStatement(
      Connection c, Execution execution, String id, DeliveryStatus status) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH job AS ("
                + REMOVE_JOB
                + " RETURNING 1)"
                + " UPDATE deliveries SET status = ?, processed_at = ?, last_error = NULL"
                + " WHERE id = ? AND EXISTS (SELECT 1 FROM job)")) {
      bindJob(ps, execution);
      ps.setString(4, status.column());
      Timestamps.set(Dialect.POSTGRESQL, ps, 5, clock.now());
      ps.setString(6, id);
      return ps.executeUpdate() == 1;
    }
  }

  private boolean completeInTransaction(
      Connection c, Execution execution, String id, DeliveryStatus status) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement remove = c.prepareStatement(REMOVE_JOB)) {
      deliveries.markProcessed(c, id, status, clock.now(), Optional.empty());
      bindJob(remove, execution);
      if (remove.executeUpdate() != 1) {
        c.rollback();
        return false;
      }
      c.commit();
      return true;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void bindJob(PreparedStatement ps, Execution execution) throws SQLException {
    ps.setString(1, execution.taskInstance.getTaskName());
    ps.setString(2, execution.taskInstance.getId());
    ps.setLong(3, execution.version);
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
