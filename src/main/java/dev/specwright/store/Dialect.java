package dev.specwright.store;

/**
 * The SQL dialects Specwright speaks. Each has its own migration folder ({@code db/<name>}) with
 * DDL kept in step, as db-scheduler keeps one {@code JdbcCustomization} per database.
 */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The classpath folder that holds this dialect's Flyway migrations. */
  public String migrations() {
    return "classpath:db/" + folder;
  }

  public static Dialect ofJdbcUrl(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("no dialect for this JDBC URL");
  }
}
