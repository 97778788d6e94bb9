package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcTaskRepositoryContext;
import com.github.kagkarlsson.scheduler.jdbc.Queries;
import com.github.kagkarlsson.scheduler.task.Execution;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * db-scheduler 16.7.1 has no SQLite customization and its default limit clause ({@code FETCH FIRST
 * n ROWS ONLY}) is not SQLite; SQLite says {@code LIMIT n}. Timestamps go through sqlite-jdbc,
 * which stores them as epoch milliseconds (the V1 schema's INTEGER columns).
 *
 * <p>Claiming is one statement, {@code UPDATE … WHERE rowid IN (SELECT … LIMIT n) RETURNING *}: a
 * whole batch of due jobs is claimed in one write transaction, instead of db-scheduler's
 * fetch-then-claim-each, which costs a write transaction (and a turn at SQLite's one write lock)
 * per job. SQLite runs a statement under its database-wide write lock, so two processes on one file
 * can never claim the same job: the second sees the first's {@code picked = 1}.
 */
public final class SqliteJdbcCustomization extends DefaultJdbcCustomization {

  public SqliteJdbcCustomization() {
    super(true);
  }

  @Override
  public String getName() {
    return "SQLite";
  }

  @Override
  public String getQueryLimitPart(int limit) {
    return " LIMIT " + limit;
  }

  @Override
  public boolean supportsSingleStatementLockAndFetch() {
    return true;
  }

  @Override
  public List<Execution> lockAndFetchSingleStatement(
      JdbcTaskRepositoryContext ctx, Instant now, int limit, boolean orderByPriority) {
    // Jobs of tasks this node does not know stay unclaimed for a node that does.
    List<String> unresolved =
        ctx.taskResolver.getUnresolved().stream().map(u -> u.getTaskName()).toList();
    String notUnresolved =
        unresolved.isEmpty()
            ? ""
            : " AND task_name NOT IN ("
                + unresolved.stream().map(u -> "?").collect(Collectors.joining(","))
                + ")";
    String sql =
        "UPDATE "
            + ctx.tableName
            + " SET picked = ?, picked_by = ?, last_heartbeat = ?, version = version + 1"
            + " WHERE rowid IN (SELECT rowid FROM "
            + ctx.tableName
            + " WHERE picked = ? AND execution_time <= ?"
            + notUnresolved
            + Queries.ansiSqlOrderPart(orderByPriority)
            + getQueryLimitPart(limit)
            + ") RETURNING *";
    String pickedBy = ctx.schedulerName.getName();
    String by = pickedBy.length() > 50 ? pickedBy.substring(0, 50) : pickedBy;
    return ctx.jdbcRunner.query(
        sql,
        ps -> {
          int i = 1;
          ps.setBoolean(i++, true);
          ps.setString(i++, by);
          setInstant(ps, i++, now);
          ps.setBoolean(i++, false);
          setInstant(ps, i++, now);
          for (String name : unresolved) {
            ps.setString(i++, name);
          }
        },
        ctx.resultSetMapper.get());
  }
}
