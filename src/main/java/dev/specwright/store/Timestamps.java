package dev.specwright.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants in our own tables, per dialect: PostgreSQL has {@code TIMESTAMP WITH TIME ZONE}; SQLite
 * has no time type, so we store epoch milliseconds, the same way sqlite-jdbc stores the timestamps
 * db-scheduler writes into {@code scheduled_tasks}.
 */
public final class Timestamps {

  private Timestamps() {}

  public static void set(Dialect dialect, PreparedStatement ps, int index, Instant value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, dialect == Dialect.SQLITE ? Types.BIGINT : Types.TIMESTAMP_WITH_TIMEZONE);
    } else if (dialect == Dialect.SQLITE) {
      ps.setLong(index, value.toEpochMilli());
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  public static Instant get(Dialect dialect, ResultSet rs, String column) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      long millis = rs.getLong(column);
      return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
