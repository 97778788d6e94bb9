package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.store.Database;
import dev.specwright.store.Deliveries;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import dev.specwright.store.Timestamps;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Finished delivery jobs recorded together, each fenced by its job's version. */
class OutcomeBatchTest {

  private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

  @TempDir Path temp;

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void recordsEachOutcomeStillOursAndLeavesJobsTakenOverUntouched(Dialect dialect)
      throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      Deliveries deliveries = new Deliveries(db);
      for (String id : List.of("ours", "taken-over", "ignored-one")) {
        store(db, deliveries, id);
      }
      job(db, "ours", 3);
      job(db, "taken-over", 5); // another node claimed it again: version moved on
      job(db, "ignored-one", 1);

      List<Boolean> done;
      try (Connection c = db.dataSource().getConnection()) {
        done =
            new OutcomeBatch(dialect, deliveries, IntakeActivity.none())
                .write(
                    c,
                    List.of(
                        finished("ours", 3, DeliveryStatus.HANDLED),
                        finished("taken-over", 4, DeliveryStatus.HANDLED),
                        finished("ignored-one", 1, DeliveryStatus.IGNORED),
                        finished("never-queued", 1, DeliveryStatus.HANDLED)));
      }

      assertThat(done).containsExactly(true, false, true, false);
      assertThat(deliveries.find("ours").orElseThrow().status()).isEqualTo(DeliveryStatus.HANDLED);
      assertThat(deliveries.find("ours").orElseThrow().processedAt()).contains(AT);
      assertThat(deliveries.find("taken-over").orElseThrow().status())
          .isEqualTo(DeliveryStatus.PENDING);
      assertThat(deliveries.find("ignored-one").orElseThrow().status())
          .isEqualTo(DeliveryStatus.IGNORED);
      assertThat(jobs(db)).containsExactly("taken-over");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void anEmptyErrorIsWrittenOverALastErrorFromAnEarlierAttempt(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      Deliveries deliveries = new Deliveries(db);
      store(db, deliveries, "retried");
      deliveries.recordAttemptFailure("retried", "GitHub answered 502");
      job(db, "retried", 2);

      try (Connection c = db.dataSource().getConnection()) {
        new OutcomeBatch(dialect, deliveries, IntakeActivity.none())
            .write(c, List.of(finished("retried", 2, DeliveryStatus.HANDLED)));
      }

      assertThat(deliveries.find("retried").orElseThrow().lastError()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void anOutcomeWaitsWhileADeliveryIsOnItsWayInAndIsRecordedOnceItIsStored(Dialect dialect)
      throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      Deliveries deliveries = new Deliveries(db);
      store(db, deliveries, "processed-in-a-burst");
      job(db, "processed-in-a-burst", 1);
      IntakeActivity intake = new IntakeActivity(Duration.ofSeconds(30));
      intake.enter(); // GitHub is waiting for this one to be stored

      CompletableFuture<List<Boolean>> done =
          CompletableFuture.supplyAsync(
              () -> {
                try (Connection c = db.dataSource().getConnection()) {
                  return new OutcomeBatch(dialect, deliveries, intake)
                      .write(
                          c, List.of(finished("processed-in-a-burst", 1, DeliveryStatus.HANDLED)));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      TimeUnit.MILLISECONDS.sleep(200);
      assertThat(done).isNotDone();
      assertThat(deliveries.find("processed-in-a-burst").orElseThrow().status())
          .isEqualTo(DeliveryStatus.PENDING);
      intake.exit();

      assertThat(done.get(10, TimeUnit.SECONDS)).containsExactly(true);
      assertThat(deliveries.find("processed-in-a-burst").orElseThrow().status())
          .isEqualTo(DeliveryStatus.HANDLED);
    }
  }

  private static OutcomeBatch.Finished finished(String id, long version, DeliveryStatus status) {
    return new OutcomeBatch.Finished(DeliveryProcessing.TASK_NAME, id, version, status, AT);
  }

  private static void store(Database db, Deliveries deliveries, String id) throws Exception {
    Delivery d = new Delivery(id, "issues", "{}", AT.minus(1, ChronoUnit.MINUTES));
    try (Connection c = db.dataSource().getConnection()) {
      deliveries.insertNew(c, List.of(new Deliveries.NewRow(d, Optional.empty())));
    }
  }

  /** A claimed job row, as db-scheduler leaves it while the job runs. */
  private static void job(Database db, String id, long version) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked,"
                    + " picked_by, version) VALUES (?, ?, ?, ?, 'node-a', ?)")) {
      ps.setString(1, DeliveryProcessing.TASK_NAME);
      ps.setString(2, id);
      Timestamps.set(db.dialect(), ps, 3, AT);
      ps.setBoolean(4, true);
      ps.setLong(5, version);
      ps.executeUpdate();
    }
  }

  private static List<String> jobs(Database db) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT task_instance FROM scheduled_tasks ORDER BY task_instance");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }
}
