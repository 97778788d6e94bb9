package dev.specwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.config.ConfigException;
import dev.specwright.config.DatabaseSettings;
import dev.specwright.config.Env;
import java.nio.file.Path;
import java.sql.Connection;
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
  void postgresVacuumsTheQueueTableEveryRoundAtFullSpeed() throws Exception {
    try (Database db = TestDatabases.open(Dialect.POSTGRESQL, temp);
        Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT array_to_string(reloptions, ',') FROM pg_class"
                    + " WHERE oid = 'scheduled_tasks'::regclass")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1).split(","))
          .contains(
              "autovacuum_vacuum_scale_factor=0",
              "autovacuum_vacuum_cost_delay=0",
              "fillfactor=70");
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
