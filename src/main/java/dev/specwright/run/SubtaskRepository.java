package dev.specwright.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code subtasks} table. */
public final class SubtaskRepository {

  /** The reason of a subtask a re-plan dropped; such subtasks are no longer part of the plan. */
  public static final String DROPPED = "dropped by a new plan";

  private final Jdbc jdbc;
  private final Clock clock;

  public SubtaskRepository(DataSource ds, Clock clock) {
    this.jdbc = new Jdbc(ds);
    this.clock = clock;
  }

  /**
   * Stores the plan's subtasks as PENDING. Subtasks already present keep their state (a replan
   * keeps merged work); those the new plan drops and that are not merged are cancelled.
   */
  public void savePlan(long runId, String slug, int issue, List<PlannedTask> tasks) {
    jdbc.tx(
        c -> {
          List<String> keep = tasks.stream().map(PlannedTask::key).toList();
          for (Subtask old : list(c, runId)) {
            if (!keep.contains(old.key()) && old.state() != TaskState.MERGED) {
              setState(c, runId, old.key(), TaskState.CANCELLED, DROPPED);
            }
          }
          int pos = 0;
          for (PlannedTask t : tasks) {
            int n =
                Jdbc.update(
                    c,
                    "UPDATE subtasks SET position = ?, title = ?, description = ?, acceptance = ?,"
                        + " files = ?, depends_on = ?, state = CASE WHEN state = 'MERGED' THEN"
                        + " state ELSE 'PENDING' END, updated_at = ? WHERE run_id = ? AND"
                        + " task_key = ?",
                    pos,
                    t.title(),
                    t.description(),
                    RunJson.write(t.acceptanceCriteria()),
                    RunJson.write(t.files()),
                    RunJson.write(t.dependsOn()),
                    clock.millis(),
                    runId,
                    t.key());
            if (n == 0) {
              Jdbc.update(
                  c,
                  "INSERT INTO subtasks (run_id, task_key, position, title, description,"
                      + " acceptance, files, depends_on, state, branch, updated_at)"
                      + " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                  runId,
                  t.key(),
                  pos,
                  t.title(),
                  t.description(),
                  RunJson.write(t.acceptanceCriteria()),
                  RunJson.write(t.files()),
                  RunJson.write(t.dependsOn()),
                  TaskState.PENDING,
                  Branches.forTask(issue, slug, t.key()),
                  clock.millis());
            }
            pos++;
          }
          return null;
        });
  }

  public List<Subtask> list(long runId) {
    return jdbc.tx(c -> list(c, runId));
  }

  static List<Subtask> list(Connection c, long runId) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT * FROM subtasks WHERE run_id = ? ORDER BY position",
        SubtaskRepository::map,
        runId);
  }

  public Optional<Subtask> find(long runId, String key) {
    return jdbc.one(
        "SELECT * FROM subtasks WHERE run_id = ? AND task_key = ?",
        SubtaskRepository::map,
        runId,
        key);
  }

  public Subtask get(long runId, String key) {
    return find(runId, key)
        .orElseThrow(() -> new IllegalStateException("no subtask " + key + " in run " + runId));
  }

  /** The subtask whose PR this is, in the newest run that has it. */
  public Optional<Subtask> byPullRequest(String repo, int pr) {
    return jdbc.one(
        "SELECT s.* FROM subtasks s JOIN runs r ON r.id = s.run_id"
            + " WHERE r.repo = ? AND s.pr_number = ? ORDER BY s.run_id DESC",
        SubtaskRepository::map,
        repo,
        pr);
  }

  /** Moves a subtask only from one of {@code from}; true when it moved. */
  public boolean transition(
      long runId, String key, TaskState to, String reason, TaskState... from) {
    return jdbc.tx(c -> transition(c, runId, key, to, reason, from));
  }

  static boolean transition(
      Connection c, long runId, String key, TaskState to, String reason, TaskState... from)
      throws SQLException {
    StringBuilder in = new StringBuilder();
    for (TaskState s : from) {
      in.append(in.isEmpty() ? "'" : ",'").append(s.name()).append('\'');
    }
    return Jdbc.update(
            c,
            "UPDATE subtasks SET state = ?, reason = ?, updated_at = ? WHERE run_id = ? AND"
                + " task_key = ? AND state IN ("
                + in
                + ")",
            to,
            reason,
            System.currentTimeMillis(),
            runId,
            key)
        == 1;
  }

  static void setState(Connection c, long runId, String key, TaskState to, String reason)
      throws SQLException {
    Jdbc.update(
        c,
        "UPDATE subtasks SET state = ?, reason = ?, updated_at = ? WHERE run_id = ? AND task_key = ?",
        to,
        reason,
        System.currentTimeMillis(),
        runId,
        key);
  }

  /** Starts a developer attempt: RUNNING, attempts + 1. Returns the attempt number. */
  static int startAttempt(Connection c, long runId, String key) throws SQLException {
    Jdbc.update(
        c,
        "UPDATE subtasks SET state = 'RUNNING', reason = NULL, attempts = attempts + 1,"
            + " updated_at = ? WHERE run_id = ? AND task_key = ?",
        System.currentTimeMillis(),
        runId,
        key);
    return Jdbc.query(
            c,
            "SELECT attempts FROM subtasks WHERE run_id = ? AND task_key = ?",
            rs -> rs.getInt(1),
            runId,
            key)
        .getFirst();
  }

  /** Adds one attempt's figures and records the model that ran it. */
  public void addFigures(long runId, String key, Figures f, String model) {
    jdbc.update(
        "UPDATE subtasks SET iterations = iterations + ?, input_tokens = input_tokens + ?,"
            + " output_tokens = output_tokens + ?, cache_read = cache_read + ?, cache_write ="
            + " cache_write + ?, cost_micros = cost_micros + ?, cost_known = (cost_known AND ?),"
            + " wall_ms = wall_ms + ?, model = COALESCE(?, model) WHERE run_id = ? AND task_key = ?",
        f.iterations(),
        f.usage().input(),
        f.usage().output(),
        f.usage().cacheRead(),
        f.usage().cacheWrite(),
        Jdbc.micros(f.cost()),
        f.cost().known(),
        f.wall().toMillis(),
        model,
        runId,
        key);
  }

  /**
   * Sets the count of failed attempts in the current round; 0 starts a new round, so the attempt
   * log that decides the next model is cleared with it.
   */
  public void setFailures(long runId, String key, int failures) {
    if (failures == 0) {
      jdbc.update(
          "UPDATE subtasks SET failures = 0, attempt_log = NULL WHERE run_id = ? AND task_key = ?",
          runId,
          key);
    } else {
      jdbc.update(
          "UPDATE subtasks SET failures = ? WHERE run_id = ? AND task_key = ?",
          failures,
          runId,
          key);
    }
  }

  /** One ended attempt of the current round: the model it started on and how it ended. */
  public record EndedAttempt(String model, String ending) {}

  /** The current round's ended attempts, oldest first. */
  public List<EndedAttempt> attemptLog(long runId, String key) {
    String json =
        jdbc
            .query(
                "SELECT attempt_log FROM subtasks WHERE run_id = ? AND task_key = ?",
                rs -> rs.getString(1),
                runId,
                key)
            .stream()
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(null);
    return json == null ? List.of() : RunJson.attempts(json);
  }

  /** Records a failed attempt and the new failure count together. */
  public void addFailedAttempt(long runId, String key, EndedAttempt attempt) {
    List<EndedAttempt> log = new java.util.ArrayList<>(attemptLog(runId, key));
    log.add(attempt);
    jdbc.update(
        "UPDATE subtasks SET attempt_log = ?, failures = ? WHERE run_id = ? AND task_key = ?",
        RunJson.write(log),
        log.size(),
        runId,
        key);
  }

  /** The result of the test command Specwright ran on the subtask's latest push, if any. */
  public java.util.Optional<String> testResult(long runId, String key) {
    return jdbc
        .query(
            "SELECT test_result FROM subtasks WHERE run_id = ? AND task_key = ?",
            rs -> rs.getString(1),
            runId,
            key)
        .stream()
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  public void setTestResult(long runId, String key, String result) {
    jdbc.update(
        "UPDATE subtasks SET test_result = ? WHERE run_id = ? AND task_key = ?",
        result,
        runId,
        key);
  }

  public void setPushed(
      long runId,
      String key,
      String baseBranch,
      String headSha,
      String summary,
      boolean incomplete) {
    jdbc.update(
        "UPDATE subtasks SET base_branch = ?, head_sha = ?, summary = ?, incomplete = ?"
            + " WHERE run_id = ? AND task_key = ?",
        baseBranch,
        headSha,
        summary,
        incomplete,
        runId,
        key);
  }

  public void setPullRequest(long runId, String key, int number) {
    jdbc.update(
        "UPDATE subtasks SET pr_number = ? WHERE run_id = ? AND task_key = ?", number, runId, key);
  }

  public void setSubIssue(long runId, String key, int number) {
    jdbc.update(
        "UPDATE subtasks SET sub_issue = ? WHERE run_id = ? AND task_key = ?", number, runId, key);
  }

  public void setRevision(long runId, String key, String notes, boolean countRound) {
    jdbc.update(
        "UPDATE subtasks SET revision_notes = ?, review_rounds = review_rounds + ?"
            + " WHERE run_id = ? AND task_key = ?",
        notes,
        countRound ? 1 : 0,
        runId,
        key);
  }

  public void setModelOverride(long runId, String key, String model) {
    jdbc.update(
        "UPDATE subtasks SET model_override = ? WHERE run_id = ? AND task_key = ?",
        model,
        runId,
        key);
  }

  static Subtask map(ResultSet rs) throws SQLException {
    return new Subtask(
        rs.getLong("run_id"),
        rs.getString("task_key"),
        rs.getInt("position"),
        rs.getString("title"),
        rs.getString("description"),
        RunJson.strings(rs.getString("acceptance")),
        RunJson.strings(rs.getString("files")),
        RunJson.strings(rs.getString("depends_on")),
        TaskState.valueOf(rs.getString("state")),
        rs.getString("branch"),
        rs.getString("base_branch"),
        Jdbc.intOrNull(rs, "pr_number"),
        rs.getString("head_sha"),
        rs.getString("model"),
        rs.getString("model_override"),
        rs.getInt("attempts"),
        rs.getInt("failures"),
        Jdbc.figures(rs),
        rs.getInt("review_rounds"),
        rs.getString("revision_notes"),
        rs.getString("summary"),
        rs.getString("reason"),
        rs.getBoolean("incomplete"),
        Jdbc.intOrNull(rs, "sub_issue"));
  }
}
