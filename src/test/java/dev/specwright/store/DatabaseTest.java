package dev.specwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.config.ConfigException;
import dev.specwright.config.DatabaseSettings;
import dev.specwright.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseTest {

  @TempDir Path temp;

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void migratesAndAnswersHealthCheck(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      assertThat(db.dialect()).isEqualTo(dialect);
      assertThat(db.isHealthy()).isTrue();
      try (Connection c = db.dataSource().getConnection();
          ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM scheduled_tasks")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void sqliteRunsInWalMode() throws Exception {
    try (Database db = TestDatabases.open(Dialect.SQLITE, temp);
        Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void sqliteWalFileShrinksBackAfterABurstThatKeptItFromRestarting() throws Exception {
    DatabaseSettings settings = TestDatabases.settings(Dialect.SQLITE, temp);
    Path wal = Path.of(settings.jdbcUrl().substring("jdbc:sqlite:".length()) + "-wal");
    try (Database db = Database.open(settings);
        Connection writer = db.dataSource().getConnection();
        Connection reader = db.dataSource().getConnection()) {
      execute(writer, "CREATE TABLE burst (b BLOB)");
      // An open read transaction keeps every checkpoint from finishing, as a stream of writes does.
      reader.setAutoCommit(false);
      try (Statement st = reader.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM burst")) {
        assertThat(rs.next()).isTrue();
      }
      long bytes = Database.WAL_FILE_LIMIT_BYTES + 8L * 1024 * 1024;
      try (PreparedStatement insert =
          writer.prepareStatement("INSERT INTO burst VALUES (zeroblob(1048576))")) {
        for (long written = 0; written < bytes; written += 1024 * 1024) {
          insert.executeUpdate();
        }
      }
      assertThat(Files.size(wal)).isGreaterThan(Database.WAL_FILE_LIMIT_BYTES);

      reader.commit();
      execute(writer, "PRAGMA wal_checkpoint(PASSIVE)");
      execute(writer, "DELETE FROM burst"); // the next write restarts the WAL

      assertThat(Files.size(wal)).isLessThanOrEqualTo(Database.WAL_FILE_LIMIT_BYTES);
    }
  }

  private static void execute(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Test
  void defaultIsSqliteFileInDataDir() {
    DatabaseSettings s =
        DatabaseSettings.from(Env.of(Map.of(DatabaseSettings.DATA_DIR, temp.toString())));
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:sqlite:" + temp.resolve("specwright.db"));
  }

  @Test
  void herokuStylePostgresUrlBecomesJdbcWithCredentialsApart() {
    DatabaseSettings s =
        DatabaseSettings.from(
            Env.of(Map.of(DatabaseSettings.DATABASE_URL, "postgres://bob:s%40cret@db:5433/spec")));
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/spec");
    assertThat(s.user()).contains("bob");
    assertThat(s.password()).contains("s@cret");
    assertThat(s.toString()).doesNotContain("s@cret").doesNotContain("s%40cret");
  }

  @Test
  void unsupportedUrlNamesTheSettingWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                DatabaseSettings.from(
                    Env.of(Map.of(DatabaseSettings.DATABASE_URL, "mysql://u:hunter2@h/db"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("DATABASE_URL:")
        .hasMessageNotContaining("hunter2");
  }
}
