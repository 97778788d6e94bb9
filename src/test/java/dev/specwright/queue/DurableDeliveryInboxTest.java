package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import dev.specwright.config.DatabaseSettings;
import dev.specwright.store.Database;
import dev.specwright.store.Deliveries;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryInbox.Outcome;
import dev.specwright.store.DeliveryStatus;
import dev.specwright.store.Dialect;
import dev.specwright.store.StoredDelivery;
import dev.specwright.store.TestDatabases;
import dev.specwright.store.Timestamps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DurableDeliveryInboxTest {

  private static final String LABELED = fixture("issues.labeled");

  @TempDir Path temp;
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final List<String> handled = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private static String fixture(String name) {
    try {
      return Files.readString(
          Path.of("src/test/resources/fixtures/github/webhooks", name + ".json"),
          StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Delivery delivery(String id) {
    return new Delivery(id, "issues", LABELED, Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private Database db(Dialect dialect) throws Exception {
    Database db = TestDatabases.open(dialect, temp);
    open.add(db);
    return db;
  }

  private QueueRuntime runtime(Database db, DeliveryHandler handler) {
    return runtime(db, handler, b -> {});
  }

  private QueueRuntime runtime(
      Database db, DeliveryHandler handler, Consumer<JobQueue.Builder> configure) {
    QueueRuntime rt =
        QueueRuntime.start(
            db, handler, b -> configure.accept(b.pollingInterval(Duration.ofMillis(100))));
    open.add(rt);
    return rt;
  }

  private DeliveryHandler recording() {
    return d -> {
      handled.add(d.id());
      return DeliveryHandler.Result.HANDLED;
    };
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void acceptedDeliveryIsStoredThenHandledOnceAndMarkedHandled(Dialect dialect) throws Exception {
    QueueRuntime rt = runtime(db(dialect), recording());
    Delivery d = delivery("72d3162e-cc78-11e3-81ab-4c9367dc0958");

    assertThat(rt.inbox().accept(d)).isEqualTo(Outcome.ACCEPTED);
    assertThat(rt.inbox().contains(d.id())).isTrue();

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> rt.deliveries().find(d.id()).orElseThrow().status() == DeliveryStatus.HANDLED);
    StoredDelivery stored = rt.deliveries().find(d.id()).orElseThrow();
    assertThat(stored.delivery()).isEqualTo(d);
    assertThat(stored.action()).contains("labeled");
    assertThat(stored.processedAt()).isPresent();
    assertThat(stored.lastError()).isEmpty();
    assertThat(handled).containsExactly(d.id());
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void processedDeliveryLeavesNoJobBehind(Dialect dialect) throws Exception {
    Database db = db(dialect);
    QueueRuntime rt = runtime(db, recording());
    assertThat(rt.inbox().accept(delivery("done"))).isEqualTo(Outcome.ACCEPTED);
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> rt.deliveries().find("done").orElseThrow().status() == DeliveryStatus.HANDLED);
    // The outcome and the job's removal commit together: once one shows, so does the other.
    assertThat(count(db, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = 'done'"))
        .isZero();
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void ignoredEventIsRecordedAsIgnoredWithoutAJob(Dialect dialect) throws Exception {
    Database db = db(dialect);
    QueueRuntime rt = runtime(db, recording());
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Delivery d = new Delivery("cs-1", "check_suite", fixture("check_suite.requested"), at);

    assertThat(rt.inbox().recordIgnored(d)).isEqualTo(Outcome.ACCEPTED);

    StoredDelivery stored = rt.deliveries().find("cs-1").orElseThrow();
    assertThat(stored.status()).isEqualTo(DeliveryStatus.IGNORED);
    assertThat(stored.processedAt()).contains(at);
    assertThat(stored.action()).contains("requested");
    assertThat(stored.delivery()).isEqualTo(d);
    assertThat(rt.inbox().contains("cs-1")).as("the missed-delivery sweep sees it").isTrue();
    assertThat(count(db, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = 'cs-1'"))
        .isZero();
    assertThat(rt.inbox().recordIgnored(d)).isEqualTo(Outcome.DUPLICATE);
    assertThat(rt.inbox().accept(delivery("cs-1")))
        .as("an id once ignored is never processed")
        .isEqualTo(Outcome.DUPLICATE);
    await().during(300, TimeUnit.MILLISECONDS).until(handled::isEmpty);
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void redeliveryOfAStoredIdIsADuplicateAndIsNotProcessedAgain(Dialect dialect) throws Exception {
    QueueRuntime rt = runtime(db(dialect), recording());
    Delivery d = delivery("redelivered");
    assertThat(rt.inbox().accept(d)).isEqualTo(Outcome.ACCEPTED);
    await().atMost(10, TimeUnit.SECONDS).until(() -> handled.size() == 1);

    Delivery again = new Delivery(d.id(), "issues", "{\"action\":\"edited\"}", Instant.now());
    assertThat(rt.inbox().accept(again)).isEqualTo(Outcome.DUPLICATE);

    await().during(300, TimeUnit.MILLISECONDS).until(() -> handled.size() == 1);
    assertThat(rt.deliveries().find(d.id()).orElseThrow().delivery().payload())
        .as("the first payload is kept")
        .isEqualTo(LABELED);
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void manyThreadsAcceptingTheSameIdGetExactlyOneAccepted(Dialect dialect) throws Exception {
    QueueRuntime rt = runtime(db(dialect), recording());
    int threads = 32;
    int ids = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < ids; round++) {
        String id = "race-" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          outcomes.add(
              pool.submit(
                  (Callable<Outcome>)
                      () -> {
                        go.await();
                        return rt.inbox().accept(delivery(id));
                      }));
        }
        go.countDown();
        int accepted = 0;
        for (Future<Outcome> f : outcomes) {
          accepted += f.get(20, TimeUnit.SECONDS) == Outcome.ACCEPTED ? 1 : 0;
        }
        assertThat(accepted).as("ACCEPTED answers for " + id).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    await().atMost(20, TimeUnit.SECONDS).until(() -> handled.size() >= ids);
    await().during(300, TimeUnit.MILLISECONDS).until(() -> handled.size() == ids);
    assertThat(handled).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void concurrentDistinctDeliveriesAreAllStoredEachWithOneJob(Dialect dialect) throws Exception {
    Database db = db(dialect);
    QueueRuntime rt = runtime(db, d -> DeliveryHandler.Result.IGNORED);
    rt.jobs().close(); // store only: we count the jobs waiting in the queue
    int threads = 16;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger accepted = new AtomicInteger();
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        all.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    if (rt.inbox().accept(delivery("d-" + thread + "-" + i)) == Outcome.ACCEPTED) {
                      accepted.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : all) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int total = threads * perThread;
    assertThat(accepted).hasValue(total);
    assertThat(rt.deliveries().countsByStatus())
        .containsEntry(DeliveryStatus.PENDING, (long) total);
    assertThat(
            count(db, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'process-delivery'"))
        .isEqualTo(total);
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void failingHandlerRetriesThenMarksTheDeliveryFailedWithItsLastError(Dialect dialect)
      throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    QueueRuntime rt =
        runtime(
            db(dialect),
            d -> {
              throw new IllegalStateException(
                  "GitHub said 502 (attempt " + attempts.incrementAndGet() + ")");
            },
            b -> b.retryPolicy(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(20), 3)));
    Delivery d = delivery("doomed");
    assertThat(rt.inbox().accept(d)).isEqualTo(Outcome.ACCEPTED);

    await()
        .atMost(15, TimeUnit.SECONDS)
        .until(() -> rt.deliveries().find(d.id()).orElseThrow().status() == DeliveryStatus.FAILED);
    StoredDelivery failed = rt.deliveries().find(d.id()).orElseThrow();
    assertThat(attempts).hasValue(3);
    assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e).contains("attempt 3"));
    assertThat(failed.processedAt()).isPresent();
    assertThat(rt.jobs().deadJobs(10))
        .singleElement()
        .satisfies(
            dead -> {
              assertThat(dead.taskName()).isEqualTo("process-delivery");
              assertThat(dead.instanceId()).isEqualTo("doomed");
              assertThat(dead.attempts()).isEqualTo(3);
            });
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void handlerThatFailsOnceRecordsTheErrorThenSucceeds(Dialect dialect) throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    QueueRuntime rt =
        runtime(
            db(dialect),
            d -> {
              if (attempts.incrementAndGet() == 1) {
                throw new java.io.IOException("connection reset");
              }
              return DeliveryHandler.Result.IGNORED;
            },
            b -> b.retryPolicy(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(10), 3)));
    rt.inbox().accept(delivery("bumpy"));
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () -> rt.deliveries().find("bumpy").orElseThrow().status() == DeliveryStatus.IGNORED);
    assertThat(attempts).hasValue(2);
    assertThat(rt.jobs().deadJobs(10)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void deliveryStoredBeforeACrashIsProcessedAfterRestart(Dialect dialect) throws Exception {
    DatabaseSettings settings = TestDatabases.settings(dialect, temp);
    // First life: the delivery is stored and acknowledged, then the process dies before any
    // worker runs (the queue never started; the pool is dropped without a graceful close).
    Database first = Database.open(settings);
    Deliveries deliveries = new Deliveries(first);
    JobQueue neverStarted =
        JobQueue.builder(first)
            .task(
                new DeliveryProcessing(first, deliveries, recording(), new SettableClock()).task())
            .build();
    DurableDeliveryInbox inbox = DurableDeliveryInbox.open(first, deliveries, neverStarted);
    assertThat(inbox.accept(delivery("survivor"))).isEqualTo(Outcome.ACCEPTED);
    first.close();
    assertThat(handled).isEmpty();

    // Second life on the same database.
    Database second = Database.open(settings);
    open.add(second);
    QueueRuntime rt = runtime(second, recording());

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () ->
                rt.deliveries().find("survivor").orElseThrow().status() == DeliveryStatus.HANDLED);
    assertThat(handled).containsExactly("survivor");
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void startupGivesAJobToAPendingDeliveryThatHasNone(Dialect dialect) throws Exception {
    Database db = db(dialect);
    // A delivery stored without its job (an older build, a lost job row).
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement row =
            c.prepareStatement(
                "INSERT INTO deliveries (id, event, received_at, status)"
                    + " VALUES ('orphaned', 'issues', ?, 'pending')");
        PreparedStatement payload =
            c.prepareStatement(
                "INSERT INTO delivery_payloads (id, payload) VALUES ('orphaned', ?)")) {
      Timestamps.set(dialect, row, 1, Instant.now());
      row.executeUpdate();
      payload.setString(1, LABELED);
      payload.executeUpdate();
    }

    QueueRuntime rt = runtime(db, recording());

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () ->
                rt.deliveries().find("orphaned").orElseThrow().status() == DeliveryStatus.HANDLED);
    assertThat(handled).containsExactly("orphaned");
    assertThat(rt.inbox().reconcile()).isZero();
  }

  static Stream<Arguments> unstorableDeliveries() {
    Instant now = Instant.now();
    return Stream.of(
        Arguments.of("blank id", new Delivery(" ", "issues", "{}", now), "id is missing"),
        Arguments.of("null id", new Delivery(null, "issues", "{}", now), "id is missing"),
        Arguments.of(
            "id of 201 chars", new Delivery("x".repeat(201), "issues", "{}", now), "longer"),
        Arguments.of("no event", new Delivery("a", "", "{}", now), "event is missing"),
        Arguments.of("no payload", new Delivery("a", "issues", null, now), "payload is missing"),
        Arguments.of("no time", new Delivery("a", "issues", "{}", null), "receivedAt"),
        Arguments.of("NUL in payload", new Delivery("a", "issues", "{\"x\":\"\0\"}", now), "NUL"),
        Arguments.of("NUL in id", new Delivery("a\0b", "issues", "{}", now), "NUL"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unstorableDeliveries")
  void refusesADeliveryItCannotStoreAndStoresNothing(String why, Delivery bad, String message)
      throws Exception {
    Database db = db(Dialect.SQLITE);
    QueueRuntime rt = runtime(db, recording());
    assertThatThrownBy(() -> rt.inbox().accept(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
    assertThat(count(db, "SELECT COUNT(*) FROM deliveries")).isZero();
    // The inbox still works for the next, good delivery.
    assertThat(rt.inbox().accept(delivery("good"))).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void aDeliveryTheDatabaseRefusesFailsAloneAndTheInboxGoesOnStoring() throws Exception {
    Database db = db(Dialect.SQLITE);
    try (Connection c = db.dataSource().getConnection();
        var st = c.createStatement()) {
      st.execute(
          "CREATE TRIGGER refuse_poison BEFORE INSERT ON deliveries WHEN NEW.id = 'poison'"
              + " BEGIN SELECT RAISE(ABORT, 'poisoned'); END");
    }
    QueueRuntime rt = runtime(db, recording());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Future<Outcome> poison = pool.submit(() -> rt.inbox().accept(delivery("poison")));
      List<Future<Outcome>> good = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = "good-" + i;
        good.add(pool.submit(() -> rt.inbox().accept(delivery(id))));
      }
      assertThatThrownBy(poison::get).hasMessageContaining("poisoned");
      for (Future<Outcome> f : good) {
        assertThat(f.get()).isEqualTo(Outcome.ACCEPTED);
      }
    } finally {
      pool.shutdownNow();
    }
    // The failed batch cost the writer its connection (and its prepared statements); the next
    // delivery is stored on a new one.
    assertThat(rt.inbox().accept(delivery("after"))).isEqualTo(Outcome.ACCEPTED);
    await().atMost(10, TimeUnit.SECONDS).until(() -> handled.size() == 41);
    assertThat(handled).contains("after", "good-0", "good-39").doesNotContain("poison");
    assertThat(count(db, "SELECT COUNT(*) FROM deliveries")).isEqualTo(41);
    assertThat(count(db, "SELECT COUNT(*) FROM delivery_payloads")).isEqualTo(41);
  }

  @Test
  void acceptAfterCloseFailsClearly() throws Exception {
    QueueRuntime rt = runtime(db(Dialect.SQLITE), recording());
    rt.close();
    assertThatThrownBy(() -> rt.inbox().accept(delivery("late"))).hasMessageContaining("closed");
  }

  private static long count(Database db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
