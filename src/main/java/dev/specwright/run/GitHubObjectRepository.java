package dev.specwright.run;

import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code run_github_objects} table: what a run made on GitHub, by stable key ({@code plan},
 * {@code status}, {@code pr:<key>}, {@code review:<key>:<round>}, {@code sub-issue:<key>}). The
 * port looks objects up by marker anyway; this table is the run's own record of them.
 */
public final class GitHubObjectRepository {

  /** One object. */
  public record GitHubObject(String key, String kind, long number, String url) {}

  private final Jdbc jdbc;

  public GitHubObjectRepository(DataSource ds) {
    this.jdbc = new Jdbc(ds);
  }

  public void record(long runId, String key, String kind, long number, String url) {
    jdbc.update(
        "INSERT INTO run_github_objects (run_id, object_key, kind, number, url) VALUES (?,?,?,?,?)"
            + " ON CONFLICT (run_id, object_key) DO UPDATE SET kind = excluded.kind,"
            + " number = excluded.number, url = excluded.url",
        runId,
        key,
        kind,
        number,
        url);
  }

  public Optional<GitHubObject> find(long runId, String key) {
    return jdbc.one(
        "SELECT * FROM run_github_objects WHERE run_id = ? AND object_key = ?",
        rs ->
            new GitHubObject(
                rs.getString("object_key"),
                rs.getString("kind"),
                rs.getLong("number"),
                rs.getString("url")),
        runId,
        key);
  }
}
