package dev.specwright.queue;

import dev.specwright.store.Deliveries;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.Dialect;
import dev.specwright.store.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The inbox's batch on PostgreSQL as one statement: the new {@code deliveries} rows, their payloads
 * and a {@code process-delivery} job for each pending one, in data-modifying {@code WITH} clauses
 * that commit together. One round trip per batch instead of five (the rows, the payloads, the jobs,
 * the commit, and the transaction's start): on a loopback socket each round trip costs the server
 * more CPU than the statement's own work. The job rows are db-scheduler's, written as its {@code
 * scheduleBatch} writes them ({@code picked} false, version 1, the queue's serializer for data);
 * SQLite, which has no round trips, has {@link SqliteInboxStatements}.
 */
final class PostgresInboxStatement {

  private PostgresInboxStatement() {}

  /**
   * Stores the rows (ids unique within {@code rows}) with auto-commit on and returns the ids that
   * were new; {@code jobData} gives the serialized job data of a delivery id.
   */
  static Set<String> insert(
      Connection c,
      List<Deliveries.NewRow> rows,
      String taskName,
      Function<String, byte[]> jobData,
      Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql(rows.size()))) {
      int i = 1;
      for (Deliveries.NewRow row : rows) {
        i = row.bindRow(Dialect.POSTGRESQL, ps, i);
        ps.setBytes(i++, row.storedPayload());
        if (row.status() == DeliveryStatus.IGNORED) {
          ps.setNull(i++, Types.BINARY);
        } else {
          ps.setBytes(i++, jobData.apply(row.delivery().id()));
        }
      }
      ps.setString(i++, taskName);
      Timestamps.set(Dialect.POSTGRESQL, ps, i, now);
      Set<String> inserted = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inserted.add(rs.getString(1));
        }
      }
      return inserted;
    }
  }

  private static String sql(int rows) {
    StringBuilder values = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      values
          .append(r == 0 ? "" : ",")
          .append("(?, ?, ?, ?::timestamptz, ?, ?::timestamptz, ?::bytea, ?::bytea)");
    }
    return "WITH v (id, event, action, received_at, status, processed_at, deflated, job) AS"
        + " (VALUES "
        + values
        + "),"
        + " new AS (INSERT INTO deliveries (id, event, action, received_at, status, processed_at)"
        + "   SELECT id, event, action, received_at, status, processed_at FROM v"
        + "   ON CONFLICT (id) DO NOTHING RETURNING id),"
        + " payloads AS (INSERT INTO delivery_payloads (id, deflated)"
        + "   SELECT v.id, v.deflated FROM v JOIN new ON new.id = v.id),"
        // A job left under the same id (it cannot be this new row's) is left to run as it is.
        + " jobs AS (INSERT INTO scheduled_tasks"
        + "   (task_name, task_instance, task_data, execution_time, picked, version)"
        + "   SELECT ?, v.id, v.job, ?::timestamptz, false, 1 FROM v JOIN new ON new.id = v.id"
        + "   WHERE v.job IS NOT NULL"
        + "   ON CONFLICT (task_name, task_instance) DO NOTHING)"
        + " SELECT id FROM new";
  }
}
