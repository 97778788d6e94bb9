package dev.specwright.queue;

import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.StoreException;
import dev.specwright.store.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code dead_jobs} table. One row per task instance: if a re-queued job dies again, its row is
 * replaced with the newer death.
 */
public final class DeadJobs {

  private static final int MAX_ERROR_CHARS = 8000;
  private final Database db;
  private final Dialect dialect;

  public DeadJobs(Database db) {
    this.db = db;
    this.dialect = db.dialect();
  }

  void record(DeadJob job) {
    String error =
        job.lastError().length() <= MAX_ERROR_CHARS
            ? job.lastError()
            : job.lastError().substring(0, MAX_ERROR_CHARS);
    String sql =
        "INSERT INTO dead_jobs (task_name, task_instance, task_data, attempts, last_error, died_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (task_name, task_instance) DO UPDATE SET"
            + " task_data = excluded.task_data, attempts = excluded.attempts,"
            + " last_error = excluded.last_error, died_at = excluded.died_at";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, job.taskName());
      ps.setString(2, job.instanceId());
      ps.setString(3, job.dataJson());
      ps.setInt(4, job.attempts());
      ps.setString(5, error);
      Timestamps.set(dialect, ps, 6, job.diedAt());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("dead_jobs: " + e.getMessage(), e);
    }
  }

  /** The most recent deaths first. */
  public List<DeadJob> list(int limit) {
    return select(
        "SELECT * FROM dead_jobs ORDER BY died_at DESC, task_name, task_instance LIMIT ?",
        ps -> ps.setInt(1, Math.max(0, limit)));
  }

  public Optional<DeadJob> find(String taskName, String instanceId) {
    return select(
            "SELECT * FROM dead_jobs WHERE task_name = ? AND task_instance = ?",
            ps -> {
              ps.setString(1, taskName);
              ps.setString(2, instanceId);
            })
        .stream()
        .findFirst();
  }

  boolean delete(String taskName, String instanceId) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM dead_jobs WHERE task_name = ? AND task_instance = ?")) {
      ps.setString(1, taskName);
      ps.setString(2, instanceId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("dead_jobs: " + e.getMessage(), e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<DeadJob> select(String sql, Binder binder) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      List<DeadJob> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new DeadJob(
                  rs.getString("task_name"),
                  rs.getString("task_instance"),
                  rs.getString("task_data"),
                  rs.getInt("attempts"),
                  rs.getString("last_error"),
                  Timestamps.get(dialect, rs, "died_at")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("dead_jobs: " + e.getMessage(), e);
    }
  }
}
