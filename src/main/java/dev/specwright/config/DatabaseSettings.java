package dev.specwright.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the database lives. The default is a SQLite file in the data directory; a {@code
 * DATABASE_URL} of the form {@code postgres://user:pass@host:port/db} (Heroku style) or {@code
 * jdbc:postgresql://…} selects PostgreSQL.
 *
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the user, if any
 * @param password the password, if any; never logged
 */
public record DatabaseSettings(
    String jdbcUrl, Optional<String> user, Optional<String> password, Path dataDir) {

  public static final String DATABASE_URL = "DATABASE_URL";
  public static final String DATA_DIR = "SPECWRIGHT_DATA_DIR";

  public static DatabaseSettings from(Env env) {
    Path dataDir = Path.of(env.get(DATA_DIR, "./data")).toAbsolutePath().normalize();
    Optional<String> url = env.get(DATABASE_URL);
    if (url.isEmpty()) {
      return sqlite(dataDir.resolve("specwright.db"), dataDir);
    }
    return parse(url.get(), dataDir);
  }

  public static DatabaseSettings sqlite(Path file, Path dataDir) {
    return new DatabaseSettings(
        "jdbc:sqlite:" + file.toAbsolutePath(), Optional.empty(), Optional.empty(), dataDir);
  }

  static DatabaseSettings parse(String url, Path dataDir) {
    if (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:sqlite:")) {
      return new DatabaseSettings(url, Optional.empty(), Optional.empty(), dataDir);
    }
    if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
      try {
        URI uri = new URI(url);
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
          throw new ConfigException(
              DATABASE_URL, "expected postgres://user:password@host:port/database");
        }
        String jdbc =
            "jdbc:postgresql://"
                + uri.getHost()
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + uri.getPath()
                + (uri.getQuery() != null ? "?" + uri.getQuery() : "");
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getUserInfo() != null) {
          String[] parts = uri.getUserInfo().split(":", 2);
          user = Optional.of(decode(parts[0]));
          password = parts.length > 1 ? Optional.of(decode(parts[1])) : Optional.empty();
        }
        return new DatabaseSettings(jdbc, user, password, dataDir);
      } catch (URISyntaxException e) {
        // The message of URISyntaxException quotes the URL, which may hold a password.
        throw new ConfigException(DATABASE_URL, "not a valid URL");
      }
    }
    throw new ConfigException(
        DATABASE_URL,
        "unsupported database URL; use postgres://…, jdbc:postgresql://… or jdbc:sqlite:<file>");
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  public boolean isPostgres() {
    return jdbcUrl.startsWith("jdbc:postgresql:");
  }

  /** The URL with no credentials in it, safe for a log line. */
  @Override
  public String toString() {
    return "DatabaseSettings[" + jdbcUrl + (user.isPresent() ? " as " + user.get() : "") + "]";
  }
}
