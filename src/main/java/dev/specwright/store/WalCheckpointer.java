package dev.specwright.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * By default SQLite checkpoints the WAL into the database file (with fsyncs) inside whichever
 * commit finds the WAL past 1000 pages. In a burst the WAL cannot start over, so that is every
 * commit of every connection: the queue's poller and the outcome writer each spent seconds a run in
 * {@code fsync}, and while one ran, the inbox writer's reads of pages under writeback waited behind
 * it (stalls of 250 ms with no webhook answered; docs/bench/webhook.md, session 6). So no pooled
 * connection checkpoints ({@link Database} opens them with {@code wal_autocheckpoint=0}); this
 * thread does, every 100 ms in PASSIVE mode, which runs beside the writers instead of blocking
 * them.
 *
 * <p>While writes never pause the WAL cannot start over, so a long burst grows its file (about
 * three times the data written: gigabytes in a minute of the webhook benchmark), and SQLite keeps
 * the file at its largest. Once the database has been quiet for a second this thread cuts a file
 * beyond 64 MB back (a TRUNCATE checkpoint). Not during the burst: cutting a file of gigabytes
 * holds the writers for hundreds of milliseconds, and a WAL that starts over mid-burst reuses the
 * file's blocks, which is cheaper than growing it again.
 */
final class WalCheckpointer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
  private static final Duration EVERY = Duration.ofMillis(100);

  private final Database db;
  private final long maxIdleWalBytes;
  private final int quietChecks;
  private final ScheduledExecutorService timer;
  private Path wal;
  private long lastFrames = -1;
  private int quietFor;

  WalCheckpointer(Database db) {
    this(db, 64L * 1024 * 1024, Duration.ofSeconds(1));
  }

  /**
   * @param maxIdleWalBytes a WAL file larger than this is cut back once the database is quiet
   * @param quiet how long no frame may be added before the database counts as quiet
   */
  WalCheckpointer(Database db, long maxIdleWalBytes, Duration quiet) {
    this.db = db;
    this.maxIdleWalBytes = maxIdleWalBytes;
    this.quietChecks = (int) Math.max(1, quiet.toMillis() / EVERY.toMillis());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("specwright-wal-checkpoint").daemon().unstarted(r));
    // Failures are handled inside checkpoint(); the future only ends with the executor.
    var unused =
        timer.scheduleWithFixedDelay(
            this::checkpoint, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void checkpoint() {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      long frames;
      boolean complete;
      try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        rs.next();
        frames = rs.getLong(2);
        complete = rs.getInt(1) == 0 && rs.getLong(3) == frames;
      }
      quietFor = complete && frames == lastFrames ? quietFor + 1 : 0;
      lastFrames = frames;
      if (quietFor >= quietChecks && walBytes(st) > maxIdleWalBytes) {
        quietFor = 0;
        // Quiet, so there is no writer to wait for; a short timeout in case one just arrived.
        st.execute("PRAGMA busy_timeout = 100");
        try {
          st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } finally {
          st.execute("PRAGMA busy_timeout = " + Database.BUSY_TIMEOUT.toMillis());
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("background checkpoint failed: {}", e.toString());
    }
  }

  private long walBytes(Statement st) throws SQLException {
    if (wal == null) {
      try (ResultSet rs = st.executeQuery("PRAGMA database_list")) {
        while (rs.next()) {
          String file = rs.getString("file");
          if ("main".equals(rs.getString("name")) && file != null && !file.isEmpty()) {
            wal = Path.of(file + "-wal");
          }
        }
      }
      if (wal == null) {
        return 0; // an in-memory database has no file
      }
    }
    try {
      return Files.exists(wal) ? Files.size(wal) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Stops, after one last checkpoint. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkpoint();
  }
}
