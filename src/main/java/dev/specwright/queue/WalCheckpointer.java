package dev.specwright.queue;

import dev.specwright.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite checkpoints the WAL into the database file (with fsyncs) inside whichever commit pushes
 * the WAL past 1000 pages: with 14 KB payloads that is one inbox batch in forty, a latency spike
 * for every delivery in it. The {@link GroupCommit} writers therefore do not checkpoint; this
 * thread does, every 100 ms in PASSIVE mode, which runs beside the writers instead of blocking
 * them.
 */
final class WalCheckpointer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

  private final Database db;
  private final ScheduledExecutorService timer;

  WalCheckpointer(Database db) {
    this.db = db;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("specwright-wal-checkpoint").daemon().unstarted(r));
    // Failures are handled inside checkpoint(); the future only ends with the executor.
    var unused = timer.scheduleWithFixedDelay(this::checkpoint, 100, 100, TimeUnit.MILLISECONDS);
  }

  private void checkpoint() {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException | RuntimeException e) {
      LOG.debug("background checkpoint failed: {}", e.toString());
    }
  }

  /** Stops, after one last checkpoint. */
  @Override
  public void close() {
    timer.shutdownNow();
    checkpoint();
  }
}
