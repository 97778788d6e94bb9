package dev.specwright.run;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler on SQLite for these tests: SQLite knows {@code LIMIT}, not {@code FETCH FIRST}. The
 * queue part owns the production customization; this one only lets the run's tests use a real
 * scheduler on SQLite.
 */
final class SqliteJdbcCustomization extends DefaultJdbcCustomization {

  SqliteJdbcCustomization() {
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
}
