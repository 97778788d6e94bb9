package dev.specwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.config.DatabaseSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DeliveriesTest {

  @TempDir Path temp;

  private static final Instant T0 = Instant.parse("2026-11-29T04:00:00.123Z");

  private static Deliveries.NewRow row(String id, Instant at) {
    String payload = "{\"action\":\"opened\",\"number\":1}";
    return new Deliveries.NewRow(
        new Delivery(id, "issues", payload, at), Deliveries.actionOf(payload));
  }

  private static Set<String> insert(Database db, List<Deliveries.NewRow> rows) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      Set<String> inserted = new Deliveries(db).insertNew(c, rows);
      c.commit();
      c.setAutoCommit(true);
      return inserted;
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void insertsOnlyIdsNotSeenBeforeAndSaysWhich(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      assertThat(insert(db, List.of(row("a", T0), row("b", T0))))
          .containsExactlyInAnyOrder("a", "b");
      assertThat(insert(db, List.of(row("b", T0), row("c", T0)))).containsExactly("c");
      Deliveries deliveries = new Deliveries(db);
      assertThat(deliveries.contains("a")).isTrue();
      assertThat(deliveries.contains("zzz")).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void oneInserterServesBatchAfterBatchOfAnySize(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp);
        Connection c = db.dataSource().getConnection();
        Deliveries.Inserter inserter = new Deliveries(db).inserter(c)) {
      assertThat(inserter.isOn(c)).isTrue();
      assertThat(inserter.insertNew(List.of(row("a", T0)))).containsExactly("a");
      assertThat(
              inserter.insertNew(List.of(row("b", T0), row("a", T0), row("b", T0), row("c", T0))))
          .containsExactlyInAnyOrder("b", "c"); // a stored before, b's repeat left alone
      assertThat(inserter.insertNew(List.of())).isEmpty();
      assertThat(inserter.insertNew(List.of(row("d", T0), row("e", T0)))).hasSize(2);
      assertThat(new Deliveries(db).find("c").orElseThrow().delivery().payload())
          .isEqualTo("{\"action\":\"opened\",\"number\":1}");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void aFailedBatchLeavesNoRowBoundForTheNext(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp);
        Connection c = db.dataSource().getConnection();
        Deliveries.Inserter inserter = new Deliveries(db).inserter(c)) {
      c.setAutoCommit(false);
      // The database refuses the second row (no event)...
      Deliveries.NewRow noEvent =
          new Deliveries.NewRow(new Delivery("no-event", null, "{}", T0), Optional.empty());
      assertThatThrownBy(() -> inserter.insertNew(List.of(row("refused-with", T0), noEvent)))
          .isInstanceOf(java.sql.SQLException.class);
      c.rollback();
      // ...or the second row fails while being bound, after the first joined the batch.
      Deliveries.NewRow unbindable =
          new Deliveries.NewRow(
              new Delivery("unbindable", "issues", "{}", T0), null, DeliveryStatus.PENDING, null);
      assertThatThrownBy(() -> inserter.insertNew(List.of(row("bound-before", T0), unbindable)))
          .isInstanceOf(NullPointerException.class);
      c.rollback();

      assertThat(inserter.insertNew(List.of(row("after", T0)))).containsExactly("after");
      c.commit();
      c.setAutoCommit(true);
      assertThat(new Deliveries(db).recent(10))
          .extracting(DeliverySummary::id)
          .containsExactly("after");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void findsAStoredDeliveryExactlyAsItCame(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      insert(db, List.of(row("d-1", T0)));
      StoredDelivery d = new Deliveries(db).find("d-1").orElseThrow();
      assertThat(d.delivery())
          .isEqualTo(new Delivery("d-1", "issues", "{\"action\":\"opened\",\"number\":1}", T0));
      assertThat(d.action()).contains("opened");
      assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
      assertThat(d.processedAt()).isEmpty();
      assertThat(new Deliveries(db).find("missing")).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void recordsOutcomesAndCountsEveryStatus(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      insert(db, List.of(row("h", T0), row("i", T0), row("f", T0), row("p", T0)));
      Deliveries deliveries = new Deliveries(db);
      Instant later = T0.plusSeconds(5);
      deliveries.markProcessed("h", DeliveryStatus.HANDLED, later, Optional.empty());
      deliveries.markProcessed("i", DeliveryStatus.IGNORED, later, Optional.empty());
      deliveries.recordAttemptFailure("f", "timeout");
      assertThat(deliveries.find("f").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
      deliveries.markProcessed("f", DeliveryStatus.FAILED, later, Optional.of("gave up"));

      assertThat(deliveries.countsByStatus())
          .isEqualTo(
              Map.of(
                  DeliveryStatus.PENDING, 1L,
                  DeliveryStatus.HANDLED, 1L,
                  DeliveryStatus.IGNORED, 1L,
                  DeliveryStatus.FAILED, 1L));
      assertThat(deliveries.countPending()).isEqualTo(1L);
      StoredDelivery failed = deliveries.find("f").orElseThrow();
      assertThat(failed.lastError()).contains("gave up");
      assertThat(failed.processedAt()).contains(later);
      assertThatThrownBy(
              () -> deliveries.markProcessed("p", DeliveryStatus.PENDING, later, Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void pruningDeletesOldProcessedDeliveriesWithTheirPayloadsAndKeepsPendingOnes(Dialect dialect)
      throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      Instant old = T0.minusSeconds(3600);
      insert(
          db,
          List.of(
              row("old-handled", old),
              row("old-failed", old.plusSeconds(1)),
              row("old-pending", old),
              row("new-handled", T0)));
      Deliveries deliveries = new Deliveries(db);
      deliveries.markProcessed("old-handled", DeliveryStatus.HANDLED, old, Optional.empty());
      deliveries.markProcessed("old-failed", DeliveryStatus.FAILED, old, Optional.of("gave up"));
      deliveries.markProcessed("new-handled", DeliveryStatus.HANDLED, T0, Optional.empty());

      assertThat(deliveries.pruneProcessedBefore(T0.minusSeconds(60), 1)).isEqualTo(1);
      assertThat(deliveries.contains("old-handled")).isFalse(); // the oldest first
      assertThat(deliveries.contains("old-failed")).isTrue();
      assertThat(deliveries.pruneProcessedBefore(T0.minusSeconds(60), 10)).isEqualTo(1);

      assertThat(deliveries.recent(10))
          .extracting(DeliverySummary::id)
          .containsExactlyInAnyOrder("old-pending", "new-handled");
      assertThat(deliveries.find("old-pending")).isPresent(); // its payload is still there
      try (Connection c = db.dataSource().getConnection();
          var st = c.createStatement();
          var rs = st.executeQuery("SELECT id FROM delivery_payloads ORDER BY id")) {
        List<String> payloads = new java.util.ArrayList<>();
        while (rs.next()) {
          payloads.add(rs.getString(1));
        }
        assertThat(payloads).containsExactly("new-handled", "old-pending");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void recentListsNewestFirstWithinTheLimit(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      insert(
          db,
          List.of(
              row("old", T0),
              row("new", T0.plus(2, ChronoUnit.MINUTES)),
              row("mid", T0.plus(1, ChronoUnit.MINUTES))));
      assertThat(new Deliveries(db).recent(2))
          .extracting(DeliverySummary::id)
          .containsExactly("new", "mid");
      assertThat(new Deliveries(db).countsByStatus().values()).containsOnly(3L, 0L);
    }
  }

  @Test
  void anEmptyDatabaseCountsZeroForEveryStatus() throws Exception {
    try (Database db = TestDatabases.open(Dialect.SQLITE, temp)) {
      assertThat(new Deliveries(db).countsByStatus())
          .hasSize(DeliveryStatus.values().length)
          .containsOnlyKeys(DeliveryStatus.values())
          .allSatisfy((status, n) -> assertThat(n).isZero());
    }
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"action\":\"labeled\",\"issue\":{}}|labeled",
        "{\"zen\":\"hi\",\"hook\":{\"action\":\"nested\"},\"action\":\"late\"}|late",
        "{\"hook\":{\"action\":\"only-nested\"}}|",
        "{\"action\":42}|",
        "[\"action\",\"x\"]|",
        "not json|",
        "{\"action\":\"trunc|",
        "''|"
      })
  void readsOnlyTheTopLevelActionOfThePayload(String payload, String expected) {
    assertThat(Deliveries.actionOf(payload)).isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void storesAPayloadDeflatedAndGivesItBackAsItCame(Dialect dialect) throws Exception {
    String labeled = dev.specwright.github.Fixtures.read("github/webhooks/issues.labeled.json");
    try (Database db = TestDatabases.open(dialect, temp)) {
      insert(
          db,
          List.of(
              new Deliveries.NewRow(
                  new Delivery("real", "issues", labeled, T0), Deliveries.actionOf(labeled))));

      assertThat(new Deliveries(db).find("real").orElseThrow().delivery().payload())
          .isEqualTo(labeled);
      try (Connection c = db.dataSource().getConnection();
          var st = c.createStatement();
          var rs =
              st.executeQuery(
                  "SELECT payload, deflated FROM delivery_payloads WHERE id = 'real'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("payload")).isNull();
        assertThat(rs.getBytes("deflated")).hasSizeLessThan(labeled.length() / 5);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void aPayloadRowHoldsItsPayloadInExactlyOneForm(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp);
        Connection c = db.dataSource().getConnection();
        var st = c.createStatement()) {
      assertThatThrownBy(
              () -> st.executeUpdate("INSERT INTO delivery_payloads (id) VALUES ('neither')"))
          .isInstanceOf(java.sql.SQLException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void payloadsStoredAsTextBeforeTheyWereDeflatedSurviveTheMigration(Dialect dialect)
      throws Exception {
    DatabaseSettings settings = migratedBefore(dialect, "13");
    try (Connection c = connect(settings);
        java.sql.PreparedStatement row =
            c.prepareStatement(
                "INSERT INTO deliveries (id, event, action, received_at, status)"
                    + " VALUES ('text', 'issues', 'opened', ?, 'pending')");
        var payload = c.createStatement()) {
      Timestamps.set(dialect, row, 1, T0);
      row.executeUpdate();
      payload.executeUpdate(
          "INSERT INTO delivery_payloads (id, payload) VALUES ('text', '{\"action\":\"opened\"}')");
    }

    try (Database db = Database.open(settings)) {
      Deliveries deliveries = new Deliveries(db);
      assertThat(deliveries.find("text").orElseThrow().delivery().payload())
          .isEqualTo("{\"action\":\"opened\"}");
      insert(db, List.of(row("deflated", T0))); // new rows beside it are deflated
      assertThat(deliveries.find("deflated").orElseThrow().delivery().payload())
          .isEqualTo("{\"action\":\"opened\",\"number\":1}");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void payloadsStoredBeforeTheyMovedToTheirOwnTableSurviveTheMigration(Dialect dialect)
      throws Exception {
    // A database as a build before V9 left it, with a delivery whose payload is in its row.
    DatabaseSettings settings = migratedBefore(dialect, "9");
    try (Connection c = connect(settings);
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO deliveries (id, event, action, payload, received_at, status)"
                    + " VALUES ('old', 'issues', 'opened', '{\"action\":\"opened\"}', ?,"
                    + " 'handled')")) {
      Timestamps.set(dialect, ps, 1, T0);
      ps.executeUpdate();
    }

    try (Database db = Database.open(settings)) {
      StoredDelivery old = new Deliveries(db).find("old").orElseThrow();
      assertThat(old.delivery().payload()).isEqualTo("{\"action\":\"opened\"}");
      assertThat(old.status()).isEqualTo(DeliveryStatus.HANDLED);
    }
  }

  /**
   * A fresh database migrated to the last version before {@code version}, as an older build left
   * it.
   */
  private DatabaseSettings migratedBefore(Dialect dialect, String version) throws Exception {
    DatabaseSettings settings = TestDatabases.settings(dialect, temp);
    var flyway =
        org.flywaydb.core.Flyway.configure()
            .dataSource(
                settings.jdbcUrl(), settings.user().orElse(null), settings.password().orElse(null))
            .locations(dialect.migrations());
    var first = org.flywaydb.core.api.MigrationVersion.fromVersion(version);
    var before =
        java.util.Arrays.stream(flyway.load().info().all())
            .map(org.flywaydb.core.api.MigrationInfo::getVersion)
            .filter(v -> v.compareTo(first) < 0)
            .max(java.util.Comparator.naturalOrder())
            .orElseThrow();
    flyway.target(before).load().migrate();
    return settings;
  }

  private static Connection connect(DatabaseSettings settings) throws Exception {
    return java.sql.DriverManager.getConnection(
        settings.jdbcUrl(), settings.user().orElse(null), settings.password().orElse(null));
  }
}
