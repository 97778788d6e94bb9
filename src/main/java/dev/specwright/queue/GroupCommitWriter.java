package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.specwright.store.Database;
import dev.specwright.store.Deliveries;
import dev.specwright.store.DeliveryInbox.Outcome;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the inbox: request threads hand over deliveries, a writer thread takes all that
 * are waiting and commits them in one transaction (the new {@code deliveries} rows and their {@code
 * process-delivery} jobs together), then completes each caller's future. One commit (one fsync on
 * PostgreSQL) serves the whole batch, and SQLite's single write lock is never contended by the
 * request threads.
 */
final class GroupCommitWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

  /**
   * Jobs of the commits within this gap are claimed together: a few milliseconds more before a
   * delivery is processed, for a claim that takes several batches' jobs instead of one or two.
   */
  private static final Duration WAKE_GAP = Duration.ofMillis(5);

  private record Pending(Deliveries.NewRow row, CompletableFuture<Outcome> result) {}

  private final Database db;
  private final Deliveries deliveries;
  private final JobQueue jobs;
  private final FreshDeliveries fresh;
  private final CoalescedWake wakeQueue;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending> queue;
  private final List<Thread> threads = new ArrayList<>();
  private final ScheduledExecutorService checkpointer;
  private final ThreadLocal<Connection> own = new ThreadLocal<>();
  private volatile boolean stopping;

  /**
   * @param writers writer threads, each committing its own batches: one for SQLite (one write lock
   *     in any case), two for PostgreSQL, so that one batch is gathered and inserted while the
   *     other waits for its commit to reach the disk
   */
  GroupCommitWriter(
      Database db,
      Deliveries deliveries,
      JobQueue jobs,
      FreshDeliveries fresh,
      int maxBatch,
      int writers,
      boolean backgroundCheckpoints) {
    this.db = db;
    this.deliveries = deliveries;
    this.jobs = jobs;
    this.fresh = fresh;
    this.wakeQueue = new CoalescedWake(jobs::triggerCheckForDueJobs, WAKE_GAP);
    this.maxBatch = maxBatch;
    this.queue = new LinkedBlockingQueue<>(maxBatch * 16);
    this.checkpointer =
        backgroundCheckpoints && db.dialect() == Dialect.SQLITE ? startCheckpointer() : null;
    for (int i = 0; i < writers; i++) {
      Thread t =
          Thread.ofPlatform().name("specwright-inbox-writer-" + i).daemon().unstarted(this::run);
      threads.add(t);
      t.start();
    }
  }

  /** Queues a delivery; the future completes once its batch is committed (or failed). */
  CompletableFuture<Outcome> submit(Deliveries.NewRow row) throws InterruptedException {
    if (stopping) {
      throw new IllegalStateException("the delivery inbox is closed");
    }
    Pending p = new Pending(row, new CompletableFuture<>());
    queue.put(p);
    return p.result;
  }

  /**
   * SQLite checkpoints the WAL into the database file (with fsyncs) inside whichever commit pushes
   * the WAL past 1000 pages: with 14 KB payloads that is one batch in forty, a latency spike for
   * everyone in it. The writer's own connection therefore does not checkpoint; this thread does, in
   * PASSIVE mode, which runs beside the writer instead of blocking it.
   */
  private ScheduledExecutorService startCheckpointer() {
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("specwright-inbox-checkpoint").daemon().unstarted(r));
    // Failures are handled inside checkpoint(); the future only ends with the executor.
    var unused = s.scheduleWithFixedDelay(this::checkpoint, 100, 100, TimeUnit.MILLISECONDS);
    return s;
  }

  private void checkpoint() {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException | RuntimeException e) {
      LOG.debug("background checkpoint failed: {}", e.toString());
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (!stopping || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.error("inbox writer failed", e);
        batch.forEach(p -> p.result.completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
    releaseConnection();
    Pending left;
    while ((left = queue.poll()) != null) {
      left.result.completeExceptionally(new IllegalStateException("the delivery inbox is closed"));
    }
  }

  private void write(List<Pending> batch) {
    try {
      complete(batch, commit(batch));
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).result.completeExceptionally(e);
        return;
      }
      // One bad row must not fail its neighbours: commit them one by one.
      LOG.warn(
          "batch of {} deliveries failed ({}); retrying one by one", batch.size(), e.toString());
      for (Pending p : batch) {
        try {
          complete(List.of(p), commit(List.of(p)));
        } catch (SQLException | RuntimeException single) {
          p.result.completeExceptionally(single);
        }
      }
    }
    wakeQueue.request();
  }

  /** Stores the batch and enqueues a job per new pending delivery, in one transaction. */
  private Set<String> commit(List<Pending> batch) throws SQLException {
    Map<String, Deliveries.NewRow> unique = new LinkedHashMap<>();
    for (Pending p : batch) {
      unique.putIfAbsent(p.row().delivery().id(), p.row());
    }
    List<Deliveries.NewRow> rows = new ArrayList<>(unique.values());
    Connection c = connection();
    try {
      Set<String> inserted =
          db.dialect() == Dialect.POSTGRESQL
              ? PostgresInboxStatement.insert(
                  c,
                  rows,
                  DeliveryProcessing.TASK_NAME,
                  id -> jobs.serialize(new DeliveryJob(id)),
                  jobs.clock().now())
              : insertInTransaction(c, rows);
      for (Deliveries.NewRow row : rows) {
        if (row.status() == DeliveryStatus.PENDING && inserted.contains(row.delivery().id())) {
          fresh.offer(row.delivery());
        }
      }
      return inserted;
    } catch (SQLException | RuntimeException e) {
      releaseConnection(); // the next batch starts on a fresh connection
      throw e;
    }
  }

  private Set<String> insertInTransaction(Connection c, List<Deliveries.NewRow> rows)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      Set<String> inserted = deliveries.insertNew(c, rows);
      List<TaskInstance<?>> newJobs = new ArrayList<>(inserted.size());
      for (Deliveries.NewRow row : rows) {
        if (row.status() == DeliveryStatus.PENDING && inserted.contains(row.delivery().id())) {
          newJobs.add(DeliveryProcessing.jobFor(row.delivery().id()));
        }
      }
      if (!newJobs.isEmpty()) {
        jobs.clientFor(c).scheduleBatch(newJobs, jobs.clock().now());
      }
      c.commit();
      return inserted;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Each writer keeps one connection: no pool round trip per batch, and its own pragmas. */
  private Connection connection() throws SQLException {
    Connection c = own.get();
    if (c == null) {
      c = db.dataSource().getConnection();
      if (checkpointer != null) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA wal_autocheckpoint = 0");
        }
      }
      own.set(c);
    }
    return c;
  }

  private void releaseConnection() {
    Connection c = own.get();
    own.remove();
    if (c == null) {
      return;
    }
    try (c) {
      if (checkpointer != null) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA wal_autocheckpoint = 1000"); // back to the default for the pool
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("closing writer connection: {}", e.toString());
    }
  }

  /** The first caller with a newly stored id is ACCEPTED; everyone else is a DUPLICATE. */
  private static void complete(List<Pending> batch, Set<String> inserted) {
    Set<String> accepted = new HashSet<>(inserted);
    for (Pending p : batch) {
      boolean first = accepted.remove(p.row().delivery().id());
      p.result.complete(first ? Outcome.ACCEPTED : Outcome.DUPLICATE);
    }
  }

  /** Commits what is queued, then stops. */
  @Override
  public void close() {
    stopping = true;
    try {
      for (Thread t : threads) {
        t.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (checkpointer != null) {
      checkpointer.shutdownNow();
      checkpoint();
    }
    wakeQueue.close();
  }
}
