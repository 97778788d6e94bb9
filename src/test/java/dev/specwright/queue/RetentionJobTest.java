package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import dev.specwright.store.Database;
import dev.specwright.store.Deliveries;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hourly jobs that keep tables from growing for ever; here the deliveries table. */
class RetentionJobTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @TempDir Path temp;

  @Test
  void deletesEveryProcessedDeliveryOlderThanThirtyDaysAcrossChunks() throws Exception {
    try (Database db = TestDatabases.open(Dialect.SQLITE, temp)) {
      Deliveries deliveries = new Deliveries(db);
      Instant old = NOW.minus(QueueRuntime.KEEP_DELIVERIES).minusSeconds(60);
      List<Deliveries.NewRow> rows = new ArrayList<>();
      for (int i = 0; i < 2_500; i++) {
        rows.add(row("old-" + i, old));
      }
      rows.add(row("old-pending", old));
      rows.add(row("recent", NOW.minus(Duration.ofDays(29))));
      try (Connection c = db.dataSource().getConnection()) {
        deliveries.insertNew(c, rows);
      }
      for (Deliveries.NewRow r : rows) {
        String id = r.delivery().id();
        if (!id.equals("old-pending")) {
          deliveries.markProcessed(id, DeliveryStatus.HANDLED, old, Optional.empty());
        }
      }
      SettableClock clock = new SettableClock();
      clock.set(NOW);

      assertThat(
              RetentionJob.pruneAll(
                  QueueRuntime.PRUNE_DELIVERIES,
                  QueueRuntime.KEEP_DELIVERIES,
                  deliveries::pruneProcessedBefore,
                  clock::now))
          .isEqualTo(2_500); // three calls: 1,000 + 1,000 + 500
      assertThat(deliveries.recent(10))
          .extracting(s -> s.id())
          .containsExactlyInAnyOrder("old-pending", "recent");
    }
  }

  private static Deliveries.NewRow row(String id, Instant at) {
    return new Deliveries.NewRow(new Delivery(id, "ping", "{}", at), Optional.empty());
  }
}
