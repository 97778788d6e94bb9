package dev.specwright.queue;

import dev.specwright.store.Database;
import dev.specwright.store.Deliveries;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryInbox;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.Dialect;
import dev.specwright.store.StoreException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DeliveryInbox} on the database: {@link #accept} returns once the delivery and its
 * {@code process-delivery} job are committed together (group commit: concurrent calls share one
 * transaction), or once the id is known to be a duplicate. Opening it reconciles: every pending
 * delivery without a job (or a dead job) gets one, so nothing stored is ever left unprocessed.
 */
public final class DurableDeliveryInbox implements DeliveryInbox, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DurableDeliveryInbox.class);
  private static final int MAX_BATCH = 256;
  private static final int MAX_ID_LENGTH = 200;
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  private final Deliveries deliveries;
  private final JobQueue jobs;
  private final InboxBatch batch;
  private final GroupCommit<Deliveries.NewRow, Outcome> writer;
  private final IntakeActivity intake;

  private DurableDeliveryInbox(
      Database db,
      Deliveries deliveries,
      JobQueue jobs,
      FreshDeliveries fresh,
      IntakeActivity intake) {
    this.deliveries = deliveries;
    this.intake = intake;
    this.jobs = jobs;
    this.batch = new InboxBatch(db.dialect(), deliveries, jobs, fresh);
    this.writer =
        new GroupCommit<>("inbox", db, batch, MAX_BATCH, db.dialect() == Dialect.SQLITE ? 1 : 2);
  }

  /**
   * Opens the inbox: reconciles stored deliveries with the queue, then starts the writer. The queue
   * must know the {@link DeliveryProcessing} task.
   */
  public static DurableDeliveryInbox open(Database db, Deliveries deliveries, JobQueue jobs) {
    return open(db, deliveries, jobs, FreshDeliveries.none(), IntakeActivity.none());
  }

  /**
   * As {@link #open(Database, Deliveries, JobQueue)}, handing each stored delivery to {@code fresh}
   * for the queue's {@link DeliveryProcessing}, and marking each store in {@code intake}.
   */
  static DurableDeliveryInbox open(
      Database db,
      Deliveries deliveries,
      JobQueue jobs,
      FreshDeliveries fresh,
      IntakeActivity intake) {
    DurableDeliveryInbox inbox = new DurableDeliveryInbox(db, deliveries, jobs, fresh, intake);
    int enqueued = inbox.reconcile();
    if (enqueued > 0) {
      LOG.info("enqueued {} stored deliveries that had no job", enqueued);
    }
    return inbox;
  }

  /**
   * Stores the delivery and enqueues its job, durably, in the caller's batch. Throws {@link
   * IllegalArgumentException} for a delivery that cannot be stored as given (nothing is stored),
   * {@link StoreException} when the database fails (nothing is acknowledged, so GitHub may
   * redeliver).
   */
  @Override
  public Outcome accept(Delivery delivery) {
    return store(delivery, DeliveryStatus.PENDING);
  }

  /** Stores the delivery as ignored, without a job, in the caller's batch; as {@link #accept}. */
  @Override
  public Outcome recordIgnored(Delivery delivery) {
    return store(delivery, DeliveryStatus.IGNORED);
  }

  private Outcome store(Delivery delivery, DeliveryStatus status) {
    validate(delivery);
    Deliveries.NewRow row =
        new Deliveries.NewRow(delivery, Deliveries.actionOf(delivery.payload()), status);
    intake.enter();
    try {
      return writer.write(row, COMMIT_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while storing delivery " + delivery.id(), e);
    } catch (SQLException | RuntimeException e) {
      throw new StoreException("cannot store delivery " + delivery.id() + ": " + e.getMessage(), e);
    } catch (TimeoutException e) {
      throw new StoreException(
          "storing delivery " + delivery.id() + " took longer than " + COMMIT_TIMEOUT, e);
    } finally {
      intake.exit();
    }
  }

  @Override
  public boolean contains(String deliveryId) {
    return deliveries.contains(deliveryId);
  }

  /** Enqueues a job for every pending delivery that has none; returns how many it enqueued. */
  public int reconcile() {
    int enqueued = 0;
    while (true) {
      List<String> ids = deliveries.pendingWithoutJob(DeliveryProcessing.TASK_NAME, 500);
      int before = enqueued;
      for (String id : ids) {
        if (jobs.scheduleIfNotExists(DeliveryProcessing.jobFor(id))) {
          enqueued++;
        }
      }
      if (ids.size() < 500 || enqueued == before) {
        return enqueued;
      }
    }
  }

  private static void validate(Delivery d) {
    if (d == null) {
      throw new IllegalArgumentException("delivery is missing");
    }
    require(d.id() != null && !d.id().isBlank(), "delivery id is missing");
    require(d.id().length() <= MAX_ID_LENGTH, "delivery id is longer than " + MAX_ID_LENGTH);
    require(d.event() != null && !d.event().isBlank(), "event is missing");
    require(d.payload() != null, "payload is missing");
    require(d.receivedAt() != null, "receivedAt is missing");
    // PostgreSQL text cannot hold NUL; refuse it up front rather than fail a whole batch.
    require(
        d.id().indexOf('\0') < 0 && d.event().indexOf('\0') < 0 && d.payload().indexOf('\0') < 0,
        "delivery contains a NUL character");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Commits what has been handed over, then refuses new deliveries. */
  @Override
  public void close() {
    writer.close();
    batch.close();
  }
}
