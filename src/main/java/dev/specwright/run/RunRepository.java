package dev.specwright.run;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code runs} and {@code run_phases} tables. */
public final class RunRepository {

  /** Phases whose figures are kept apart from development. */
  public enum Phase {
    RESEARCH,
    PLANNING,
    REVIEW
  }

  private final Jdbc jdbc;
  private final Clock clock;

  public RunRepository(DataSource ds, Clock clock) {
    this.jdbc = new Jdbc(ds);
    this.clock = clock;
  }

  /**
   * Inserts a new RESEARCHING run, or returns empty when the issue already has an active one (the
   * partial unique index decides, so two replicas racing on one label cannot both win).
   */
  public Optional<Long> insertActive(
      RepoRef repo, int issue, String title, String slug, String labeler, RunPolicy policy) {
    long now = clock.millis();
    try {
      return jdbc.tx(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO runs (repo, installation_id, issue_number, issue_title, slug,"
                        + " state, labeler, policy, created_at, updated_at)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
              Jdbc.bind(
                  ps,
                  repo.fullName(),
                  repo.installationId(),
                  issue,
                  title,
                  slug,
                  RunState.RESEARCHING,
                  labeler,
                  RunJson.write(policy),
                  now,
                  now);
              ps.executeUpdate();
              try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return Optional.of(keys.getLong(1));
              }
            }
          });
    } catch (Jdbc.RunStoreException e) {
      if (active(repo, issue).isPresent()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public Optional<RunRecord> find(long id) {
    return jdbc.one("SELECT * FROM runs WHERE id = ?", RunRepository::map, id);
  }

  public RunRecord get(long id) {
    return find(id).orElseThrow(() -> new IllegalStateException("no run " + id));
  }

  /** The issue's active run. */
  public Optional<RunRecord> active(RepoRef repo, int issue) {
    return jdbc.one(
        "SELECT * FROM runs WHERE repo = ? AND issue_number = ?"
            + " AND state NOT IN ('DONE','FAILED','CANCELLED')",
        RunRepository::map,
        repo.fullName(),
        issue);
  }

  /** The issue's newest run, active or not. */
  public Optional<RunRecord> latest(RepoRef repo, int issue) {
    return jdbc.one(
        "SELECT * FROM runs WHERE repo = ? AND issue_number = ? ORDER BY id DESC",
        RunRepository::map,
        repo.fullName(),
        issue);
  }

  /** Moves the run to {@code to} only from one of {@code from}; true when it moved. */
  public boolean transition(long id, RunState to, RunState... from) {
    StringBuilder in = new StringBuilder();
    for (RunState s : from) {
      in.append(in.isEmpty() ? "'" : ",'").append(s.name()).append('\'');
    }
    return jdbc.update(
            "UPDATE runs SET state = ?, updated_at = ? WHERE id = ? AND state IN (" + in + ")",
            to,
            clock.millis(),
            id)
        == 1;
  }

  /** Fails the run with a reason, unless it is already final. */
  public boolean fail(long id, String reason) {
    return jdbc.update(
            "UPDATE runs SET state = 'FAILED', failure = ?, updated_at = ? WHERE id = ?"
                + " AND state NOT IN ('DONE','FAILED','CANCELLED')",
            reason,
            clock.millis(),
            id)
        == 1;
  }

  public void setResearchNotes(long id, String notes) {
    jdbc.update("UPDATE runs SET research_notes = ? WHERE id = ?", notes, id);
  }

  public void setPlan(long id, String planJson) {
    jdbc.update("UPDATE runs SET plan_json = ? WHERE id = ?", planJson, id);
  }

  public void setOverrides(long id, ModelOverrides overrides) {
    jdbc.update("UPDATE runs SET overrides = ? WHERE id = ?", RunJson.write(overrides), id);
  }

  /** Reopens a failed run for {@code /retry} of the plan; false if the issue has another. */
  public boolean reopen(long id, RunState to) {
    try {
      return jdbc.update(
              "UPDATE runs SET state = ?, failure = NULL, updated_at = ? WHERE id = ?"
                  + " AND state = 'FAILED'",
              to,
              clock.millis(),
              id)
          == 1;
    } catch (Jdbc.RunStoreException e) {
      return false;
    }
  }

  /** The plan generation: bumped by {@code /plan} and {@code /retry}, part of job instance ids. */
  public int planGen(long id) {
    return jdbc.one("SELECT plan_gen FROM runs WHERE id = ?", rs -> rs.getInt(1), id).orElse(0);
  }

  public int bumpPlanGen(long id) {
    jdbc.update("UPDATE runs SET plan_gen = plan_gen + 1 WHERE id = ?", id);
    return planGen(id);
  }

  /** Asks for a status render; returns the new sequence number. */
  public long bumpStatus(long id) {
    jdbc.update("UPDATE runs SET status_seq = status_seq + 1 WHERE id = ?", id);
    return statusSeq(id);
  }

  public long statusSeq(long id) {
    return jdbc.one("SELECT status_seq FROM runs WHERE id = ?", rs -> rs.getLong(1), id).orElse(0L);
  }

  /**
   * Runs {@code work} while holding the run's row lock (PostgreSQL) or the write lock (SQLite), so
   * two steps of one run never schedule subtasks at the same time.
   */
  <T> T locked(long id, Jdbc.Work<T> work) {
    return jdbc.tx(
        c -> {
          Jdbc.update(c, "UPDATE runs SET lock_seq = lock_seq + 1 WHERE id = ?", id);
          return work.run(c);
        });
  }

  /** Adds one agent attempt's figures to a phase (one upsert, safe under concurrent reviews). */
  public void addPhase(long id, Phase phase, Figures f, String model) {
    jdbc.update(
        "INSERT INTO run_phases (run_id, phase, model, iterations, input_tokens, output_tokens,"
            + " cache_read, cache_write, cost_micros, cost_known, wall_ms)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id, phase) DO UPDATE SET"
            + " iterations = run_phases.iterations + excluded.iterations,"
            + " input_tokens = run_phases.input_tokens + excluded.input_tokens,"
            + " output_tokens = run_phases.output_tokens + excluded.output_tokens,"
            + " cache_read = run_phases.cache_read + excluded.cache_read,"
            + " cache_write = run_phases.cache_write + excluded.cache_write,"
            + " cost_micros = run_phases.cost_micros + excluded.cost_micros,"
            + " cost_known = (run_phases.cost_known AND excluded.cost_known),"
            + " wall_ms = run_phases.wall_ms + excluded.wall_ms,"
            + " model = COALESCE(excluded.model, run_phases.model)",
        id,
        phase,
        model,
        f.iterations(),
        f.usage().input(),
        f.usage().output(),
        f.usage().cacheRead(),
        f.usage().cacheWrite(),
        Jdbc.micros(f.cost()),
        f.cost().known(),
        f.wall().toMillis());
  }

  public Map<Phase, Figures> phases(long id) {
    Map<Phase, Figures> out = new EnumMap<>(Phase.class);
    jdbc.query(
            "SELECT * FROM run_phases WHERE run_id = ?",
            rs -> Map.entry(Phase.valueOf(rs.getString("phase")), Jdbc.figures(rs)),
            id)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Runs not yet final, for operators and for resuming. */
  public List<RunRecord> activeRuns() {
    return jdbc.query(
        "SELECT * FROM runs WHERE state NOT IN ('DONE','FAILED','CANCELLED') ORDER BY id",
        RunRepository::map);
  }

  static RunRecord map(ResultSet rs) throws SQLException {
    return new RunRecord(
        rs.getLong("id"),
        RepoRef.of(rs.getString("repo"), rs.getLong("installation_id")),
        rs.getInt("issue_number"),
        rs.getString("issue_title"),
        rs.getString("slug"),
        RunState.valueOf(rs.getString("state")),
        rs.getString("labeler"),
        RunJson.read(rs.getString("policy"), RunPolicy.class),
        RunJson.read(rs.getString("overrides"), ModelOverrides.class),
        rs.getString("research_notes"),
        rs.getString("failure"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
