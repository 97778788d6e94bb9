package dev.specwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite checkpoints beside the writers, and the WAL file after a burst. */
class WalCheckpointerTest {

  private static final long LIMIT = 8L * 1024 * 1024;

  @TempDir Path temp;

  @Test
  void noPooledConnectionCheckpointsInsideItsOwnCommits() throws Exception {
    try (Database db = TestDatabases.open(Dialect.SQLITE, temp)) {
      for (int i = 0; i < 3; i++) { // the pool hands out different connections
        try (Connection c = db.dataSource().getConnection();
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("PRAGMA wal_autocheckpoint")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).as("pages before a commit checkpoints; 0 is never").isZero();
        }
      }
    }
  }

  @Test
  void cutsTheWalFileBackOnceQuietAfterABurstThatKeptItFromStartingOver() throws Exception {
    try (Database db = TestDatabases.open(Dialect.SQLITE, temp);
        Connection writer = db.dataSource().getConnection();
        Connection reader = db.dataSource().getConnection()) {
      Path wal = Path.of(mainFile(writer) + "-wal");
      execute(writer, "CREATE TABLE burst (b BLOB)");
      try (WalCheckpointer checkpointer = new WalCheckpointer(db, LIMIT, Duration.ofMillis(300))) {
        // An open read transaction keeps every checkpoint from finishing, as writes that never
        // pause do.
        reader.setAutoCommit(false);
        try (Statement st = reader.createStatement();
            ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM burst")) {
          assertThat(rs.next()).isTrue();
        }
        try (PreparedStatement insert =
            writer.prepareStatement("INSERT INTO burst VALUES (zeroblob(1048576))")) {
          for (int mb = 0; mb < 2 * LIMIT / (1024 * 1024); mb++) {
            insert.executeUpdate();
          }
        }
        assertThat(Files.size(wal)).isGreaterThan(LIMIT);
        Thread.sleep(600); // quiet, but the reader still holds the WAL: nothing is cut
        assertThat(Files.size(wal)).isGreaterThan(LIMIT);

        reader.commit();

        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(Files.size(wal)).isLessThanOrEqualTo(LIMIT));
      }
      try (Statement st = writer.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM burst")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo((int) (2 * LIMIT / (1024 * 1024)));
      }
    }
  }

  private static String mainFile(Connection c) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA database_list")) {
      rs.next();
      return rs.getString("file");
    }
  }

  private static void execute(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
