package dev.specwright.queue;

import dev.specwright.store.Deliveries;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.Dialect;
import dev.specwright.store.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The inbox's batch on SQLite: the statements that store new deliveries, their payloads and a
 * {@code process-delivery} job for each new pending one, prepared once on the writer's connection
 * and used for batch after batch (sqlite-jdbc caches none). The job rows are db-scheduler's,
 * written as its {@code scheduleBatch} writes them ({@code picked} false, version 1, the queue's
 * serializer for data), as {@link PostgresInboxStatement} writes them on PostgreSQL; db-scheduler's
 * client prepared its statement anew for every batch.
 */
final class SqliteInboxStatements implements AutoCloseable {

  private final Deliveries.Inserter deliveries;
  private final PreparedStatement jobs;

  SqliteInboxStatements(Connection c, Deliveries deliveries) throws SQLException {
    this.deliveries = deliveries.inserter(c);
    try {
      // A job left under the same id (it cannot be this new row's) is left to run as it is.
      this.jobs =
          c.prepareStatement(
              "INSERT INTO scheduled_tasks"
                  + " (task_name, task_instance, task_data, execution_time, picked, version)"
                  + " VALUES (?, ?, ?, ?, 0, 1) ON CONFLICT (task_name, task_instance) DO NOTHING");
    } catch (SQLException | RuntimeException e) {
      this.deliveries.close();
      throw e;
    }
  }

  /** Whether these statements were prepared on {@code c}. */
  boolean isOn(Connection c) {
    return deliveries.isOn(c);
  }

  /**
   * Stores the rows (ids unique within {@code rows}) inside the caller's transaction and returns
   * the ids that were new; {@code jobData} gives the serialized job data of a delivery id.
   */
  Set<String> insert(
      List<Deliveries.NewRow> rows, String taskName, Function<String, byte[]> jobData, Instant now)
      throws SQLException {
    Set<String> inserted = deliveries.insertNew(rows);
    try {
      boolean any = false;
      for (Deliveries.NewRow row : rows) {
        String id = row.delivery().id();
        if (row.status() == DeliveryStatus.PENDING && inserted.contains(id)) {
          jobs.setString(1, taskName);
          jobs.setString(2, id);
          jobs.setBytes(3, jobData.apply(id));
          Timestamps.set(Dialect.SQLITE, jobs, 4, now); // epoch ms, as db-scheduler's own rows
          jobs.addBatch();
          any = true;
        }
      }
      if (any) {
        jobs.executeBatch();
      }
      return inserted;
    } finally {
      jobs.clearBatch();
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      jobs.close();
    } finally {
      deliveries.close();
    }
  }
}
