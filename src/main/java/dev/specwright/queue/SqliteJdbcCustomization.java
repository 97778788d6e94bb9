package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler 16.7.1 has no SQLite customization and its default limit clause ({@code FETCH FIRST
 * n ROWS ONLY}) is not SQLite; SQLite says {@code LIMIT n}. Timestamps go through sqlite-jdbc,
 * which stores them as epoch milliseconds (the V1 schema's INTEGER columns).
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
}
