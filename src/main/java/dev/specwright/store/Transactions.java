package dev.specwright.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work in one transaction on a connection the caller holds (a group-commit writer keeps its own):
 * committed when the work returns, rolled back when it throws, and the connection's auto-commit
 * mode restored either way.
 */
public final class Transactions {

  /** Work on the connection, inside the transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private Transactions() {}

  public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }
}
