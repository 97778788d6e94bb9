package dev.specwright.store;

import dev.specwright.config.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;

/**
 * Databases for tests: a fresh SQLite file, or a fresh schema on the PostgreSQL server named by
 * {@code SPECWRIGHT_TEST_POSTGRES} (which {@code .ci/run} starts). Without that server the
 * PostgreSQL cases are skipped with a message saying so; with {@code
 * SPECWRIGHT_REQUIRE_POSTGRES=true} (as in CI) its absence fails them instead.
 */
public final class TestDatabases {

  public static final String POSTGRES_ENV = "SPECWRIGHT_TEST_POSTGRES";

  private TestDatabases() {}

  /** Both dialects, for {@code @MethodSource}-driven repository tests. */
  public static Stream<Named<Dialect>> dialects() {
    return Stream.of(
        Named.of("sqlite", Dialect.SQLITE), Named.of("postgresql", Dialect.POSTGRESQL));
  }

  /** Opens a fresh, migrated database of the dialect; the caller closes it. */
  public static Database open(Dialect dialect, Path tempDir) throws Exception {
    return Database.open(settings(dialect, tempDir));
  }

  public static DatabaseSettings settings(Dialect dialect, Path tempDir) throws Exception {
    return switch (dialect) {
      case SQLITE -> {
        Path dir = Files.createDirectories(tempDir.resolve("data-" + UUID.randomUUID()));
        yield DatabaseSettings.sqlite(dir.resolve("specwright.db"), dir);
      }
      case POSTGRESQL -> postgresSchema(tempDir);
    };
  }

  private static DatabaseSettings postgresSchema(Path tempDir) throws Exception {
    Optional<String> url =
        Optional.ofNullable(System.getenv(POSTGRES_ENV)).filter(s -> !s.isBlank());
    if (url.isEmpty()) {
      if (Boolean.parseBoolean(System.getenv("SPECWRIGHT_REQUIRE_POSTGRES"))) {
        throw new IllegalStateException(POSTGRES_ENV + " is not set but PostgreSQL is required");
      }
      System.err.println(
          "SKIPPED: PostgreSQL tests need a server; set "
              + POSTGRES_ENV
              + "=postgres://user:pass@host:port/db (bash .ci/run starts one)");
      Assumptions.abort("no PostgreSQL server: set " + POSTGRES_ENV + " (bash .ci/run does)");
    }
    DatabaseSettings base =
        DatabaseSettings.from(
            dev.specwright.config.Env.of(
                java.util.Map.of(
                    DatabaseSettings.DATABASE_URL, url.get(),
                    DatabaseSettings.DATA_DIR, tempDir.toString())));
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    try (Connection c =
            DriverManager.getConnection(
                base.jdbcUrl(), base.user().orElse(null), base.password().orElse(null));
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String sep = base.jdbcUrl().contains("?") ? "&" : "?";
    return new DatabaseSettings(
        base.jdbcUrl() + sep + "currentSchema=" + schema, base.user(), base.password(), tempDir);
  }
}
