package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.SystemClock;
import dev.specwright.store.Database;
import dev.specwright.store.Deliveries;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The wiring of the queue side of the server: the {@link JobQueue} with the delivery step and the
 * other packages' steps, the {@link DurableDeliveryInbox} (reconciled at start), and a shutdown
 * hook that closes both on SIGTERM: first the inbox (commit what was handed over), then the queue
 * (finish or release claimed jobs).
 */
public final class QueueRuntime implements AutoCloseable {

  /**
   * How long a processed delivery is kept, with its payload: well beyond the few days GitHub offers
   * a delivery for redelivery, so a redelivered id is still a duplicate. Pending ones are kept.
   */
  static final Duration KEEP_DELIVERIES = Duration.ofDays(30);

  static final String PRUNE_DELIVERIES = "prune-deliveries";

  /**
   * The longest a commit of processing waits for the webhook intake to pause ({@link
   * IntakeActivity}). Outside bursts there is nothing to wait for; in a burst each outcome commit
   * (up to one job per worker) waits this long at most, so processing slows to leave the cores and
   * the write lock to intake, and catches up once the burst is over. Measured in
   * docs/bench/webhook.md (session 5).
   */
  static final Duration PROCESSING_WAITS_FOR_INTAKE = Duration.ofMillis(10);

  private final JobQueue jobs;
  private final DurableDeliveryInbox inbox;
  private final Deliveries deliveries;
  private final DeliveryProcessing processing;

  private QueueRuntime(
      JobQueue jobs,
      DurableDeliveryInbox inbox,
      Deliveries deliveries,
      DeliveryProcessing processing) {
    this.jobs = jobs;
    this.inbox = inbox;
    this.deliveries = deliveries;
    this.processing = processing;
  }

  /**
   * Starts with the system clock; see {@link #start(Database, DeliveryHandler, Clock, Consumer)}.
   */
  public static QueueRuntime start(
      Database db, DeliveryHandler handler, Consumer<JobQueue.Builder> configure) {
    return start(db, handler, new SystemClock(), configure);
  }

  /**
   * Builds and starts everything. {@code configure} adds the other packages' tasks and settings,
   * e.g. {@code b -> b.tasks(runSteps).threads(8)}.
   */
  public static QueueRuntime start(
      Database db, DeliveryHandler handler, Clock clock, Consumer<JobQueue.Builder> configure) {
    return start(db, handler, clock, configure, jobs -> {});
  }

  /**
   * As above; {@code beforeStart} sees the built queue before it claims its first job, so that a
   * task which schedules follow-up jobs can be given the queue's client first (a job left from
   * before a restart may run at once).
   */
  public static QueueRuntime start(
      Database db,
      DeliveryHandler handler,
      Clock clock,
      Consumer<JobQueue.Builder> configure,
      Consumer<JobQueue> beforeStart) {
    Deliveries deliveries = new Deliveries(db);
    // Deliveries go from the inbox's writer to the processing step in memory when they can.
    FreshDeliveries fresh = new FreshDeliveries(FreshDeliveries.defaultMaxChars());
    IntakeActivity intake = new IntakeActivity(PROCESSING_WAITS_FOR_INTAKE);
    DeliveryProcessing processing =
        new DeliveryProcessing(db, deliveries, fresh, intake, handler, clock);
    JobQueue.Builder builder = JobQueue.builder(db).clock(clock);
    configure.accept(builder);
    JobQueue jobs =
        builder
            .task(processing.task())
            .task(
                RetentionJob.hourly(
                    PRUNE_DELIVERIES,
                    KEEP_DELIVERIES,
                    deliveries::pruneProcessedBefore,
                    clock::now))
            .onDeadJob(processing)
            .build();
    DurableDeliveryInbox inbox = DurableDeliveryInbox.open(db, deliveries, jobs, fresh, intake);
    beforeStart.accept(jobs);
    jobs.start();
    return new QueueRuntime(jobs, inbox, deliveries, processing);
  }

  public JobQueue jobs() {
    return jobs;
  }

  public DurableDeliveryInbox inbox() {
    return inbox;
  }

  public Deliveries deliveries() {
    return deliveries;
  }

  /** Registers a JVM shutdown hook (SIGTERM, SIGINT) that calls {@link #close()}. */
  public Thread closeOnShutdown() {
    Thread hook = new Thread(this::close, "specwright-queue-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  @Override
  public void close() {
    inbox.close();
    jobs.close();
    processing.close(); // after the jobs: a job finishing in the grace records its outcome
  }
}
