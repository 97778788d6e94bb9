package dev.specwright.run;

import dev.specwright.llm.Cost;
import dev.specwright.llm.Usage;
import dev.specwright.store.Transactions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The few JDBC moves the run's repositories share; SQL stays in the repositories. */
final class Jdbc {

  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource ds;

  Jdbc(DataSource ds) {
    this.ds = ds;
  }

  /**
   * Runs {@code work} in one transaction. On SQLite a transaction that read before it wrote fails
   * with SQLITE_BUSY_SNAPSHOT when another connection committed in between; the work is pure
   * database work, so it is run again on a fresh snapshot.
   */
  <T> T tx(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(work);
      } catch (RunStoreException e) {
        if (attempt >= 20 || !String.valueOf(e.getMessage()).contains("SQLITE_BUSY")) {
          throw e;
        }
        try {
          Thread.sleep(attempt * 5L);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private <T> T once(Work<T> work) {
    try (Connection c = ds.getConnection()) {
      return Transactions.inTransaction(c, work::run);
    } catch (SQLException e) {
      throw new RunStoreException(e);
    }
  }

  int update(String sql, Object... args) {
    return tx(c -> update(c, sql, args));
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  <T> List<T> query(String sql, Mapper<T> mapper, Object... args) {
    return tx(c -> query(c, sql, mapper, args));
  }

  static <T> List<T> query(Connection c, String sql, Mapper<T> mapper, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    }
  }

  <T> Optional<T> one(String sql, Mapper<T> mapper, Object... args) {
    return query(sql, mapper, args).stream().findFirst();
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      switch (a) {
        case null -> ps.setNull(i + 1, Types.VARCHAR);
        case Integer n -> ps.setInt(i + 1, n);
        case Long n -> ps.setLong(i + 1, n);
        case Boolean b -> ps.setBoolean(i + 1, b);
        case Enum<?> e -> ps.setString(i + 1, e.name());
        default -> ps.setString(i + 1, a.toString());
      }
    }
  }

  static long micros(Cost cost) {
    return cost.usd().movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  static Cost cost(long micros, boolean known) {
    return new Cost(BigDecimal.valueOf(micros).movePointLeft(6), known);
  }

  /** Reads the shared figure columns (iterations, tokens, cost, wall). */
  static Figures figures(ResultSet rs) throws SQLException {
    return new Figures(
        rs.getInt("iterations"),
        new Usage(
            rs.getLong("input_tokens"),
            rs.getLong("output_tokens"),
            rs.getLong("cache_write"),
            rs.getLong("cache_read")),
        cost(rs.getLong("cost_micros"), rs.getBoolean("cost_known")),
        Duration.ofMillis(rs.getLong("wall_ms")));
  }

  static Integer intOrNull(ResultSet rs, String col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  /** A database failure inside the run's repositories. */
  static final class RunStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunStoreException(SQLException e) {
      super(e.getMessage(), e);
    }
  }
}
