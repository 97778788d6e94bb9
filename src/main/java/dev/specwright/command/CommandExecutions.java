package dev.specwright.command;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link CommandLedger} in the {@code command_executions} table (SQLite and PostgreSQL alike:
 * both speak {@code INSERT … ON CONFLICT DO NOTHING}). A claim commits before the step acts and the
 * step's outcome commits after it, so a crash in between leaves a claim that the replay takes over.
 */
public final class CommandExecutions implements CommandLedger {

  private final DataSource dataSource;
  private final InstantSource clock;

  public CommandExecutions(DataSource dataSource, InstantSource clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public Optional<String> claim(String source, int position) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO command_executions (source, position, state, claimed_at)"
                  + " VALUES (?, ?, 'CLAIMED', ?) ON CONFLICT (source, position) DO NOTHING")) {
        ps.setString(1, source);
        ps.setInt(2, position);
        ps.setLong(3, clock.millis());
        if (ps.executeUpdate() == 1) {
          return Optional.empty();
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT state, outcome FROM command_executions WHERE source = ? AND position = ?")) {
        ps.setString(1, source);
        ps.setInt(2, position);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && "DONE".equals(rs.getString("state"))) {
            return Optional.of(Optional.ofNullable(rs.getString("outcome")).orElse(""));
          }
        }
      }
      return Optional.empty(); // claimed by a delivery that never finished it: this one does
    } catch (SQLException e) {
      throw new IllegalStateException("cannot claim " + source + " #" + position, e);
    }
  }

  /**
   * Deletes up to {@code limit} entries claimed before {@code cutoff}, oldest first; returns how
   * many. An entry only guards against a redelivery of its event (an edited comment never acts),
   * and GitHub offers a delivery for redelivery for a few days.
   */
  public int pruneBefore(Instant cutoff, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM command_executions WHERE (source, position) IN"
                    + " (SELECT source, position FROM command_executions WHERE claimed_at < ?"
                    + " ORDER BY claimed_at LIMIT ?)")) {
      ps.setLong(1, cutoff.toEpochMilli());
      ps.setInt(2, limit);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prune command_executions", e);
    }
  }

  @Override
  public void done(String source, int position, String outcome) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE command_executions SET state = 'DONE', outcome = ?, done_at = ?"
                    + " WHERE source = ? AND position = ?")) {
      ps.setString(1, outcome);
      ps.setLong(2, clock.millis());
      ps.setString(3, source);
      ps.setInt(4, position);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record " + source + " #" + position + " done", e);
    }
  }
}
