package dev.specwright.queue;

import dev.specwright.store.Deliveries;
import dev.specwright.store.DeliveryInbox.Outcome;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.Dialect;
import dev.specwright.store.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of the inbox's {@link GroupCommit}: the new {@code deliveries} rows and a {@code
 * process-delivery} job for each new pending one, committed together ({@link
 * PostgresInboxStatement} on PostgreSQL, {@link SqliteInboxStatements} in a transaction on SQLite).
 * After the commit, new pending deliveries go to {@link FreshDeliveries} and the queue's poller is
 * woken.
 */
final class InboxBatch implements GroupCommit.Batch<Deliveries.NewRow, Outcome>, AutoCloseable {

  /**
   * Jobs of the commits within this gap are claimed together: a few milliseconds more before a
   * delivery is processed, for a claim that takes several batches' jobs instead of one or two.
   */
  private static final Duration WAKE_GAP = Duration.ofMillis(5);

  private final Dialect dialect;
  private final Deliveries deliveries;
  private final JobQueue jobs;
  private final FreshDeliveries fresh;
  private final CoalescedWake wakeQueue;
  // Used by SQLite's one writer thread only (the inbox gives SQLite a single writer).
  private SqliteInboxStatements sqlite;

  InboxBatch(Dialect dialect, Deliveries deliveries, JobQueue jobs, FreshDeliveries fresh) {
    this.dialect = dialect;
    this.deliveries = deliveries;
    this.jobs = jobs;
    this.fresh = fresh;
    this.wakeQueue = new CoalescedWake(jobs::triggerCheckForDueJobs, WAKE_GAP);
  }

  /** The first item with a newly stored id is ACCEPTED; every other item is a DUPLICATE. */
  @Override
  public List<Outcome> write(Connection c, List<Deliveries.NewRow> items) throws SQLException {
    Map<String, Deliveries.NewRow> unique = new LinkedHashMap<>();
    for (Deliveries.NewRow row : items) {
      unique.putIfAbsent(row.delivery().id(), row);
    }
    List<Deliveries.NewRow> rows = new ArrayList<>(unique.values());
    Set<String> inserted =
        dialect == Dialect.POSTGRESQL
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
    wakeQueue.request();
    Set<String> firsts = new HashSet<>(inserted);
    List<Outcome> outcomes = new ArrayList<>(items.size());
    for (Deliveries.NewRow row : items) {
      outcomes.add(firsts.remove(row.delivery().id()) ? Outcome.ACCEPTED : Outcome.DUPLICATE);
    }
    return outcomes;
  }

  private Set<String> insertInTransaction(Connection c, List<Deliveries.NewRow> rows)
      throws SQLException {
    SqliteInboxStatements statements = sqliteStatementsOn(c);
    return Transactions.inTransaction(
        c,
        tx ->
            statements.insert(
                rows,
                DeliveryProcessing.TASK_NAME,
                id -> jobs.serialize(new DeliveryJob(id)),
                jobs.clock().now()));
  }

  /** The writer keeps its connection; after a failure it takes a new one, and so do these. */
  private SqliteInboxStatements sqliteStatementsOn(Connection c) throws SQLException {
    if (sqlite == null || !sqlite.isOn(c)) {
      closeSqliteStatements();
      sqlite = new SqliteInboxStatements(c, deliveries);
    }
    return sqlite;
  }

  private void closeSqliteStatements() {
    if (sqlite != null) {
      try {
        sqlite.close();
      } catch (SQLException | RuntimeException e) {
        // Its connection is gone already (closing it closed them): nothing is lost.
      }
      sqlite = null;
    }
  }

  @Override
  public void close() {
    wakeQueue.close();
    closeSqliteStatements();
  }
}
