package dev.specwright.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.specwright.config.ConfigException;
import dev.specwright.config.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The database: a pooled {@link DataSource}, its {@link Dialect}, and the schema brought up to date
 * by Flyway at open. SQLite runs in WAL mode with a busy timeout so that readers never block the
 * one writer and writers wait for each other instead of failing, and checkpoints on one thread of
 * its own ({@link WalCheckpointer}) rather than inside commits.
 */
public final class Database implements AutoCloseable {

  /** How long a SQLite connection waits for the write lock before failing with SQLITE_BUSY. */
  public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final WalCheckpointer checkpointer; // null on PostgreSQL

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    // SQLite: the pool's connections leave checkpoints to this one thread (see WalCheckpointer).
    this.checkpointer = dialect == Dialect.SQLITE ? new WalCheckpointer(this) : null;
  }

  /** Opens the database and migrates it. Fails with a one-line {@link ConfigException}. */
  public static Database open(DatabaseSettings settings) {
    Dialect dialect = Dialect.ofJdbcUrl(settings.jdbcUrl());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    config.setPoolName("specwright-db");
    config.setInitializationFailTimeout(-1);
    if (dialect == Dialect.SQLITE) {
      createParent(settings.jdbcUrl().substring("jdbc:sqlite:".length()));
      // One file, one writer at a time: a small pool, WAL, and a busy timeout.
      config.setMaximumPoolSize(8);
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("synchronous", "NORMAL");
      config.addDataSourceProperty("wal_autocheckpoint", "0"); // WalCheckpointer's thread does
      config.addDataSourceProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT.toMillis()));
      config.addDataSourceProperty("foreign_keys", "true");
      config.setConnectionInitSql("PRAGMA busy_timeout = " + BUSY_TIMEOUT.toMillis());
    } else {
      config.setMaximumPoolSize(16);
    }
    HikariDataSource ds = new HikariDataSource(config);
    try (Connection c = ds.getConnection()) {
      if (dialect == Dialect.SQLITE) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA journal_mode = WAL");
        }
      }
    } catch (SQLException e) {
      ds.close();
      throw new ConfigException(
          DatabaseSettings.DATABASE_URL, "cannot connect to the database: " + oneLine(e));
    }
    Flyway.configure()
        .dataSource(ds)
        .locations(dialect.migrations())
        .loggers("slf4j")
        .load()
        .migrate();
    return new Database(ds, dialect);
  }

  private static void createParent(String file) {
    if (file.startsWith(":memory:") || file.isBlank()) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new ConfigException(
          DatabaseSettings.DATA_DIR, "cannot create " + parent + ": " + e.getMessage());
    }
  }

  private static String oneLine(SQLException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** True when the database answers a trivial query; used by {@code /healthz}. */
  public boolean isHealthy() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Stops the checkpointer (after one last checkpoint), then closes the pool. */
  @Override
  public void close() {
    if (checkpointer != null) {
      checkpointer.close();
    }
    dataSource.close();
  }
}
