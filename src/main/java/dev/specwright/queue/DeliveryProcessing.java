package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.specwright.store.Deliveries;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.StoredDelivery;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process-delivery} step: runs the {@link DeliveryHandler} on one stored delivery and
 * records the result in {@code deliveries}. A handler exception is noted on the delivery and
 * rethrown, so the queue retries with backoff; when the job goes dead the delivery is marked failed
 * with the last error. A delivery already processed is not processed again.
 */
public final class DeliveryProcessing implements DeadJobListener {

  public static final String TASK_NAME = "process-delivery";
  public static final TaskDescriptor<DeliveryJob> TASK =
      TaskDescriptor.of(TASK_NAME, DeliveryJob.class);

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessing.class);

  private final Deliveries deliveries;
  private final DeliveryHandler handler;
  private final Clock clock;

  public DeliveryProcessing(Deliveries deliveries, DeliveryHandler handler, Clock clock) {
    this.deliveries = deliveries;
    this.handler = handler;
    this.clock = clock;
  }

  /** The job instance for a delivery: its id is the delivery id, the idempotency key. */
  public static TaskInstance<DeliveryJob> jobFor(String deliveryId) {
    return TASK.instance(deliveryId).data(new DeliveryJob(deliveryId)).build();
  }

  /** The db-scheduler task to give to {@link JobQueue.Builder#task}. */
  public Task<DeliveryJob> task() {
    return Tasks.oneTime(TASK).execute(this::process);
  }

  private void process(TaskInstance<DeliveryJob> instance, ExecutionContext context) {
    String id = instance.getId();
    Optional<StoredDelivery> found = deliveries.find(id);
    if (found.isEmpty()) {
      LOG.warn("delivery {} has a job but is not stored; nothing to do", id);
      return;
    }
    if (found.get().status() != DeliveryStatus.PENDING) {
      LOG.debug("delivery {} is {} already; not processing it again", id, found.get().status());
      return;
    }
    DeliveryHandler.Result result;
    try {
      result = handler.handle(found.get().delivery());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryProcessingException(id, e);
    } catch (Exception e) {
      deliveries.recordAttemptFailure(id, RetryingFailureHandler.describe(e));
      throw new DeliveryProcessingException(id, e);
    }
    DeliveryStatus status =
        result == DeliveryHandler.Result.HANDLED ? DeliveryStatus.HANDLED : DeliveryStatus.IGNORED;
    deliveries.markProcessed(id, status, clock.now(), Optional.empty());
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
