package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.specwright.store.Database;
import dev.specwright.store.Deliveries;
import dev.specwright.store.DeliveryInbox.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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

  private record Pending(Deliveries.NewRow row, CompletableFuture<Outcome> result) {}

  private final Database db;
  private final Deliveries deliveries;
  private final JobQueue jobs;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending> queue;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  /**
   * @param writers writer threads, each committing its own batches: one for SQLite (one write lock
   *     in any case), two for PostgreSQL, so that one batch is gathered and inserted while the
   *     other waits for its commit to reach the disk
   */
  GroupCommitWriter(Database db, Deliveries deliveries, JobQueue jobs, int maxBatch, int writers) {
    this.db = db;
    this.deliveries = deliveries;
    this.jobs = jobs;
    this.maxBatch = maxBatch;
    this.queue = new LinkedBlockingQueue<>(maxBatch * 16);
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
    jobs.triggerCheckForDueJobs();
  }

  /** Stores the batch and enqueues a job per new delivery, in one transaction. */
  private Set<String> commit(List<Pending> batch) throws SQLException {
    Map<String, Deliveries.NewRow> unique = new LinkedHashMap<>();
    for (Pending p : batch) {
      unique.putIfAbsent(p.row().delivery().id(), p.row());
    }
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        Set<String> inserted = deliveries.insertNew(c, new ArrayList<>(unique.values()));
        if (!inserted.isEmpty()) {
          List<TaskInstance<?>> newJobs = new ArrayList<>(inserted.size());
          for (String id : unique.keySet()) {
            if (inserted.contains(id)) {
              newJobs.add(DeliveryProcessing.jobFor(id));
            }
          }
          Instant now = jobs.clock().now();
          jobs.clientFor(c).scheduleBatch(newJobs, now);
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
  }
}
