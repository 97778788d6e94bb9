package dev.specwright.github.events;

import dev.specwright.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The app's installations and their repositories (tables {@code installations} and {@code
 * installation_repositories}, migration V3). Writes are upserts, so a redelivered or replayed event
 * leaves the same rows.
 */
public final class Installations {

  /** One installation of the app on an account. */
  public record Installation(
      long id,
      String accountLogin,
      String accountType,
      String repositorySelection,
      boolean suspended,
      boolean removed) {}

  /** A repository an installation grants access to. */
  public record Repository(long id, String fullName, boolean isPrivate) {}

  private final Database db;
  private final Clock clock;

  public Installations(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public void upsert(Installation i) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO installations (id, account_login, account_type, repository_selection,"
                    + " suspended, removed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET account_login = excluded.account_login,"
                    + " account_type = excluded.account_type,"
                    + " repository_selection = excluded.repository_selection,"
                    + " suspended = excluded.suspended, removed = excluded.removed,"
                    + " updated_at = excluded.updated_at")) {
      s.setLong(1, i.id());
      s.setString(2, i.accountLogin());
      s.setString(3, i.accountType());
      s.setString(4, i.repositorySelection());
      s.setBoolean(5, i.suspended());
      s.setBoolean(6, i.removed());
      s.setTimestamp(7, Timestamp.from(clock.instant()));
      s.executeUpdate();
    }
  }

  /** Marks the installation removed and forgets its repositories (the app lost access to them). */
  public void remove(long installationId) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE installations SET removed = ?, updated_at = ? WHERE id = ?");
          PreparedStatement d =
              c.prepareStatement(
                  "DELETE FROM installation_repositories WHERE installation_id = ?")) {
        s.setBoolean(1, true);
        s.setTimestamp(2, Timestamp.from(clock.instant()));
        s.setLong(3, installationId);
        s.executeUpdate();
        d.setLong(1, installationId);
        d.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  public void addRepositories(long installationId, Collection<Repository> repos)
      throws SQLException {
    if (repos.isEmpty()) {
      return;
    }
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO installation_repositories (installation_id, repository_id, full_name,"
                    + " private) VALUES (?, ?, ?, ?) ON CONFLICT (installation_id, repository_id)"
                    + " DO UPDATE SET full_name = excluded.full_name, private = excluded.private")) {
      for (Repository r : repos) {
        s.setLong(1, installationId);
        s.setLong(2, r.id());
        s.setString(3, r.fullName());
        s.setBoolean(4, r.isPrivate());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  public void removeRepositories(long installationId, Collection<Long> repositoryIds)
      throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM installation_repositories WHERE installation_id = ? AND"
                    + " repository_id = ?")) {
      for (long id : repositoryIds) {
        s.setLong(1, installationId);
        s.setLong(2, id);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  public Optional<Installation> find(long installationId) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, account_login, account_type, repository_selection, suspended, removed"
                    + " FROM installations WHERE id = ?")) {
      s.setLong(1, installationId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Installation(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getBoolean(5),
                rs.getBoolean(6)));
      }
    }
  }

  /** The repositories of the installation, by full name. */
  public List<Repository> repositories(long installationId) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT repository_id, full_name, private FROM installation_repositories"
                    + " WHERE installation_id = ? ORDER BY full_name")) {
      s.setLong(1, installationId);
      List<Repository> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Repository(rs.getLong(1), rs.getString(2), rs.getBoolean(3)));
        }
      }
      return out;
    }
  }
}
