package dev.specwright.queue;

import dev.specwright.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers hand over items and wait; writer threads take all the items waiting and
 * write them in one transaction ({@link Batch}), then give each caller its result. One commit (one
 * fsync on PostgreSQL, one pass over SQLite's single write lock) serves the whole batch. The inbox
 * stores deliveries this way, and delivery jobs record their outcomes this way.
 *
 * <p>A batch that fails is written again item by item, so one bad item fails only its own caller.
 * Each writer keeps its own connection.
 *
 * @param <T> what callers hand over
 * @param <R> what each caller gets back
 */
final class GroupCommit<T, R> implements AutoCloseable {

  /** Writes a batch on the writer's connection, in a transaction of its own making. */
  interface Batch<T, R> {
    /** One result per item, in the order of {@code items}. */
    List<R> write(Connection c, List<T> items) throws SQLException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private record Pending<T, R>(T item, CompletableFuture<R> result) {}

  private final String name;
  private final Database db;
  private final Batch<T, R> batch;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending<T, R>> queue;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  /**
   * @param name names the writer threads and the errors
   * @param writers writer threads, each committing its own batches: one suits SQLite (one write
   *     lock in any case); two let PostgreSQL gather and write one batch while the other waits for
   *     its commit to reach the disk
   */
  GroupCommit(String name, Database db, Batch<T, R> batch, int maxBatch, int writers) {
    this.name = name;
    this.db = db;
    this.batch = batch;
    this.maxBatch = maxBatch;
    this.queue = new LinkedBlockingQueue<>(maxBatch * 16);
    for (int i = 0; i < writers; i++) {
      Thread t =
          Thread.ofPlatform()
              .name("specwright-" + name + "-writer-" + i)
              .daemon()
              .unstarted(new Writer()::run);
      threads.add(t);
      t.start();
    }
  }

  /** Queues an item; the future completes once its batch is committed (or failed). */
  CompletableFuture<R> submit(T item) throws InterruptedException {
    if (stopping) {
      throw new IllegalStateException("the " + name + " writer is closed");
    }
    Pending<T, R> p = new Pending<>(item, new CompletableFuture<>());
    queue.put(p);
    return p.result;
  }

  /**
   * Queues an item and waits for its result. Throws {@link SQLException} when its batch failed,
   * {@link TimeoutException} after {@code timeout}.
   */
  R write(T item, Duration timeout) throws SQLException, InterruptedException, TimeoutException {
    try {
      return submit(item).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** One writer thread and its connection. */
  private final class Writer {
    private Connection connection;

    private void run() {
      List<Pending<T, R>> pending = new ArrayList<>(maxBatch);
      while (!stopping || !queue.isEmpty()) {
        try {
          Pending<T, R> first = queue.poll(50, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          pending.add(first);
          queue.drainTo(pending, maxBatch - 1);
          write(pending);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (RuntimeException e) {
          LOG.error("{} writer failed", name, e);
          pending.forEach(p -> p.result.completeExceptionally(e));
        } finally {
          pending.clear();
        }
      }
      releaseConnection();
      Pending<T, R> left;
      while ((left = queue.poll()) != null) {
        left.result.completeExceptionally(
            new IllegalStateException("the " + name + " writer is closed"));
      }
    }

    private void write(List<Pending<T, R>> pending) {
      try {
        complete(pending, writeBatch(pending));
      } catch (SQLException | RuntimeException e) {
        if (pending.size() == 1) {
          pending.get(0).result.completeExceptionally(e);
          return;
        }
        // One bad item must not fail its neighbours: write them one by one.
        LOG.warn(
            "{}: batch of {} failed ({}); writing one by one", name, pending.size(), e.toString());
        for (Pending<T, R> p : pending) {
          try {
            complete(List.of(p), writeBatch(List.of(p)));
          } catch (SQLException | RuntimeException single) {
            p.result.completeExceptionally(single);
          }
        }
      }
    }

    private List<R> writeBatch(List<Pending<T, R>> pending) throws SQLException {
      List<T> items = new ArrayList<>(pending.size());
      pending.forEach(p -> items.add(p.item()));
      Connection c = connection();
      try {
        List<R> results = batch.write(c, items);
        if (results.size() != items.size()) {
          throw new IllegalStateException(
              name + ": " + results.size() + " results for " + items.size() + " items");
        }
        return results;
      } catch (SQLException | RuntimeException e) {
        releaseConnection(); // the next batch starts on a fresh connection
        throw e;
      }
    }

    /** Each writer keeps one connection: no pool round trip per batch. */
    private Connection connection() throws SQLException {
      if (connection == null) {
        connection = db.dataSource().getConnection();
      }
      return connection;
    }

    private void releaseConnection() {
      Connection c = connection;
      connection = null;
      if (c == null) {
        return;
      }
      try {
        c.close();
      } catch (SQLException | RuntimeException e) {
        LOG.debug("closing {} writer connection: {}", name, e.toString());
      }
    }
  }

  private static <T, R> void complete(List<Pending<T, R>> pending, List<R> results) {
    for (int i = 0; i < pending.size(); i++) {
      pending.get(i).result.complete(results.get(i));
    }
  }

  /** Writes what is queued, then stops. */
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
