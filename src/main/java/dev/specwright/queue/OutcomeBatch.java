package dev.specwright.queue;

import dev.specwright.store.Deliveries;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.Dialect;
import dev.specwright.store.Timestamps;
import dev.specwright.store.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A batch of finished {@code process-delivery} jobs for {@link GroupCommit}: each job's outcome is
 * recorded on its delivery and the job removed, fenced by the job's version, all in one transaction
 * (on PostgreSQL one statement). The result per job is whether it was still this node's to finish:
 * false when another node took it over, and then nothing of it is written.
 */
final class OutcomeBatch implements GroupCommit.Batch<OutcomeBatch.Finished, Boolean> {

  /** A job that ran to the end, and the status its delivery gets. */
  record Finished(
      String taskName, String deliveryId, long version, DeliveryStatus status, Instant at) {}

  private static final String REMOVE_JOB =
      "DELETE FROM scheduled_tasks WHERE task_name = ? AND task_instance = ? AND version = ?";

  private final Dialect dialect;
  private final Deliveries deliveries;
  private final IntakeActivity intake;

  OutcomeBatch(Dialect dialect, Deliveries deliveries, IntakeActivity intake) {
    this.dialect = dialect;
    this.deliveries = deliveries;
    this.intake = intake;
  }

  @Override
  public List<Boolean> write(Connection c, List<Finished> items) throws SQLException {
    try {
      intake.awaitPause(); // before the transaction: nothing is held while waiting
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // commit now; the writer sees the interrupt after
    }
    return dialect == Dialect.POSTGRESQL ? inOneStatement(c, items) : inTransaction(c, items);
  }

  /** SQLite: no round trips to save and no data-modifying WITH; statements in a transaction. */
  private List<Boolean> inTransaction(Connection c, List<Finished> items) throws SQLException {
    return Transactions.inTransaction(c, tx -> removeAndRecord(tx, items));
  }

  private List<Boolean> removeAndRecord(Connection tx, List<Finished> items) throws SQLException {
    try (PreparedStatement remove = tx.prepareStatement(REMOVE_JOB)) {
      List<Boolean> done = new ArrayList<>(items.size());
      for (Finished f : items) {
        remove.setString(1, f.taskName());
        remove.setString(2, f.deliveryId());
        remove.setLong(3, f.version());
        boolean ours = remove.executeUpdate() == 1;
        if (ours) {
          deliveries.markProcessed(tx, f.deliveryId(), f.status(), f.at(), Optional.empty());
        }
        done.add(ours);
      }
      return done;
    }
  }

  /** PostgreSQL: one statement, one round trip, whatever the batch's size. */
  private static List<Boolean> inOneStatement(Connection c, List<Finished> items)
      throws SQLException {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      values.append(i == 0 ? "" : ",").append("(?, ?, ?::bigint, ?, ?::timestamptz)");
    }
    String sql =
        "WITH v (task_name, task_instance, version, status, processed_at) AS (VALUES "
            + values
            + "), job AS (DELETE FROM scheduled_tasks s USING v"
            + "   WHERE s.task_name = v.task_name AND s.task_instance = v.task_instance"
            + "   AND s.version = v.version RETURNING s.task_instance)"
            + " UPDATE deliveries d SET status = v.status, processed_at = v.processed_at,"
            + "   last_error = NULL"
            + " FROM v JOIN job ON job.task_instance = v.task_instance"
            + " WHERE d.id = v.task_instance RETURNING d.id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (Finished f : items) {
        ps.setString(i++, f.taskName());
        ps.setString(i++, f.deliveryId());
        ps.setLong(i++, f.version());
        ps.setString(i++, f.status().column());
        Timestamps.set(Dialect.POSTGRESQL, ps, i++, f.at());
      }
      Set<String> done = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          done.add(rs.getString(1));
        }
      }
      List<Boolean> results = new ArrayList<>(items.size());
      items.forEach(f -> results.add(done.contains(f.deliveryId())));
      return results;
    }
  }
}
