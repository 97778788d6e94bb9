package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobQueueTest {

  /** A step's data: a record, serialized as JSON by the queue. */
  record Greet(String who, int times) {}

  static final TaskDescriptor<Greet> GREET = TaskDescriptor.of("greet", Greet.class);

  @TempDir Path temp;
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final SettableClock clock = new SettableClock();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Database db(Dialect dialect) throws Exception {
    Database db = TestDatabases.open(dialect, temp);
    open.add(db);
    return db;
  }

  private JobQueue started(JobQueue queue) {
    open.add(queue);
    queue.start();
    return queue;
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void runsAScheduledJobWithItsRecordDataAndRemovesIt(Dialect dialect) throws Exception {
    Database db = db(dialect);
    List<String> ran = new CopyOnWriteArrayList<>();
    JobQueue queue =
        started(
            JobQueue.builder(db)
                .task(
                    Tasks.oneTime(GREET)
                        .execute(
                            (inst, ctx) ->
                                ran.add(inst.getData().who() + "x" + inst.getData().times())))
                .build());

    queue.schedule(GREET.instance("g-1").data(new Greet("octocat", 3)).build());

    await().atMost(10, TimeUnit.SECONDS).until(() -> ran.size() == 1);
    assertThat(ran).containsExactly("octocatx3");
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> queue.client().getScheduledExecution(GREET.instanceId("g-1")).isEmpty());
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void storesJobDataAsJsonNotJavaSerialization(Dialect dialect) throws Exception {
    Database db = db(dialect);
    JobQueue queue =
        JobQueue.builder(db).task(Tasks.oneTime(GREET).execute((inst, ctx) -> {})).build();
    open.add(queue);
    queue.schedule(GREET.instance("g-json").data(new Greet("hubot", 2)).build());

    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT task_data FROM scheduled_tasks WHERE task_instance = ?")) {
      ps.setString(1, "g-json");
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo("{\"who\":\"hubot\",\"times\":2}");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void instanceIdIsTheIdempotencyKey(Dialect dialect) throws Exception {
    Database db = db(dialect);
    JobQueue queue =
        JobQueue.builder(db).task(Tasks.oneTime(GREET).execute((inst, ctx) -> {})).build();
    open.add(queue);

    assertThat(queue.scheduleIfNotExists(GREET.instance("same").data(new Greet("a", 1)).build()))
        .isTrue();
    assertThat(queue.scheduleIfNotExists(GREET.instance("same").data(new Greet("b", 2)).build()))
        .isFalse();
    assertThat(queue.client().getScheduledExecutionsForTask("greet", Greet.class))
        .singleElement()
        .extracting(ScheduledExecution::getData)
        .isEqualTo(new Greet("a", 1));
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void refusesToScheduleATaskItDoesNotKnow(Dialect dialect) throws Exception {
    JobQueue queue = JobQueue.builder(db(dialect)).build();
    open.add(queue);
    assertThatThrownBy(() -> queue.schedule(GREET.instance("x").data(new Greet("a", 1)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("greet");
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void failingJobBacksOffExponentiallyUpToTheCapThenDiesWithItsLastError(Dialect dialect)
      throws Exception {
    clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    Database db = db(dialect);
    AtomicInteger attempts = new AtomicInteger();
    List<DeadJob> toldDead = new CopyOnWriteArrayList<>();
    JobQueue queue =
        started(
            JobQueue.builder(db)
                .clock(clock)
                .retryPolicy(new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4), 5))
                .onDeadJob(toldDead::add)
                .task(
                    Tasks.oneTime(GREET)
                        .execute(
                            (inst, ctx) -> {
                              throw new IllegalStateException("boom " + attempts.incrementAndGet());
                            }))
                .build());
    TaskInstanceId id = GREET.instanceId("flaky");
    queue.schedule(GREET.instance("flaky").data(new Greet("x", 1)).build());

    // After failure n the job waits 1s, 2s, 4s, 4s (capped); attempt 5 is the last.
    long[] expectedWaits = {1, 2, 4, 4};
    for (int failure = 1; failure <= 4; failure++) {
      int n = failure;
      queue.triggerCheckForDueJobs();
      ScheduledExecution<Object> retry =
          await()
              .atMost(10, TimeUnit.SECONDS)
              .until(
                  () -> queue.client().getScheduledExecution(id),
                  e ->
                      e.isPresent() && e.get().getConsecutiveFailures() == n && !e.get().isPicked())
              .orElseThrow();
      Duration wait = Duration.ofSeconds(expectedWaits[failure - 1]);
      assertThat(retry.getExecutionTime()).isEqualTo(clock.now().plus(wait));
      assertThat(attempts).hasValue(n);

      // Not a moment early: just before it is due, a poll leaves it alone.
      clock.tick(wait.minusMillis(1));
      queue.triggerCheckForDueJobs();
      await().during(150, TimeUnit.MILLISECONDS).until(() -> attempts.get() == n);
      clock.tick(Duration.ofMillis(1));
    }
    queue.triggerCheckForDueJobs();

    await().atMost(10, TimeUnit.SECONDS).until(() -> !queue.deadJobs(10).isEmpty());
    assertThat(attempts).hasValue(5);
    assertThat(queue.client().getScheduledExecution(id)).isEmpty();
    DeadJob dead = queue.deadJobs(10).get(0);
    assertThat(dead.taskName()).isEqualTo("greet");
    assertThat(dead.instanceId()).isEqualTo("flaky");
    assertThat(dead.attempts()).isEqualTo(5);
    assertThat(dead.lastError()).contains("IllegalStateException: boom 5");
    assertThat(dead.dataJson()).isEqualTo("{\"who\":\"x\",\"times\":1}");
    assertThat(dead.diedAt()).isEqualTo(clock.now());
    assertThat(toldDead).containsExactly(dead);
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void retryDeadRequeuesTheJobWithItsDataAndFreshAttempts(Dialect dialect) throws Exception {
    Database db = db(dialect);
    AtomicInteger attempts = new AtomicInteger();
    List<Greet> succeeded = new CopyOnWriteArrayList<>();
    JobQueue queue =
        started(
            JobQueue.builder(db)
                .retryPolicy(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 1))
                .task(
                    Tasks.oneTime(GREET)
                        .execute(
                            (inst, ctx) -> {
                              if (attempts.incrementAndGet() == 1) {
                                throw new IllegalStateException("first time fails");
                              }
                              succeeded.add(inst.getData());
                            }))
                .build());
    queue.schedule(GREET.instance("phoenix").data(new Greet("again", 7)).build());
    await().atMost(10, TimeUnit.SECONDS).until(() -> queue.deadJobs(10).size() == 1);

    assertThat(queue.retryDead("greet", "phoenix")).isTrue();
    await().atMost(10, TimeUnit.SECONDS).until(() -> succeeded.size() == 1);
    assertThat(succeeded).containsExactly(new Greet("again", 7));
    assertThat(queue.deadJobs(10)).isEmpty();
    assertThat(queue.retryDead("greet", "phoenix")).isFalse();
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void closeWaitsForARunningJobToFinish(Dialect dialect) throws Exception {
    Database db = db(dialect);
    CountDownLatch running = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    JobQueue queue =
        started(
            JobQueue.builder(db)
                .shutdownGrace(Duration.ofSeconds(10))
                .task(
                    Tasks.oneTime(GREET)
                        .execute(
                            (inst, ctx) -> {
                              running.countDown();
                              sleep(300);
                              finished.incrementAndGet();
                            }))
                .build());
    queue.schedule(GREET.instance("slow").data(new Greet("s", 1)).build());
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    queue.close();

    assertThat(finished).hasValue(1);
    assertThat(queue.client().getScheduledExecution(GREET.instanceId("slow"))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void closeReleasesAJobItCannotFinishSoAnotherNodeRunsItWithoutLosingAnAttempt(Dialect dialect)
      throws Exception {
    Database db = db(dialect);
    CountDownLatch running = new CountDownLatch(1);
    List<String> completedBy = new CopyOnWriteArrayList<>();
    JobQueue first =
        started(
            JobQueue.builder(db)
                .name("node-a")
                .shutdownGrace(Duration.ofMillis(400))
                .task(
                    Tasks.oneTime(GREET)
                        .execute(
                            (inst, ctx) -> {
                              running.countDown();
                              sleep(60_000); // interrupted by close()
                              completedBy.add("node-a");
                            }))
                .build());
    first.schedule(GREET.instance("long").data(new Greet("l", 1)).build());
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    first.close();

    Optional<ScheduledExecution<Object>> released =
        first.client().getScheduledExecution(GREET.instanceId("long"));
    assertThat(released).isPresent();
    assertThat(released.get().isPicked()).isFalse();
    assertThat(released.get().getConsecutiveFailures()).isZero();
    assertThat(completedBy).isEmpty();

    started(
        JobQueue.builder(db)
            .name("node-b")
            .task(Tasks.oneTime(GREET).execute((inst, ctx) -> completedBy.add("node-b")))
            .build());
    await().atMost(10, TimeUnit.SECONDS).until(() -> completedBy.size() == 1);
    assertThat(completedBy).containsExactly("node-b");
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void jobHeldByACrashedNodeRunsAgainOnceItsHeartbeatIsStale(Dialect dialect) throws Exception {
    Database db = db(dialect);
    List<String> ran = new CopyOnWriteArrayList<>();
    // What a node killed mid-job leaves behind: the job picked, its heartbeat going stale.
    JobQueue crashed =
        JobQueue.builder(db).task(Tasks.oneTime(GREET).execute((inst, ctx) -> {})).build();
    crashed.schedule(GREET.instance("orphan").data(new Greet("o", 1)).build());
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE scheduled_tasks SET picked = ?, picked_by = 'killed-node',"
                    + " last_heartbeat = ?, version = version + 1 WHERE task_instance = 'orphan'")) {
      ps.setBoolean(1, true);
      ps.setTimestamp(
          2,
          java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(5))),
          java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }

    started(
        JobQueue.builder(db)
            .heartbeat(Duration.ofMillis(100), 4)
            .retryPolicy(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(10), 3))
            .task(Tasks.oneTime(GREET).execute((inst, ctx) -> ran.add(inst.getId())))
            .build());

    await().atMost(15, TimeUnit.SECONDS).until(() -> ran.size() == 1);
    assertThat(ran).containsExactly("orphan");
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void jobThatKeepsKillingItsNodeEndsDeadInsteadOfLoopingForever(Dialect dialect) throws Exception {
    Database db = db(dialect);
    // Retries wait a day, so between the two crashes below nothing runs the job here.
    JobQueue queue =
        started(
            JobQueue.builder(db)
                .heartbeat(Duration.ofMillis(100), 4)
                .retryPolicy(new RetryPolicy(Duration.ofDays(1), Duration.ofDays(1), 2))
                .task(Tasks.oneTime(GREET).execute((inst, ctx) -> {}))
                .build());
    queue.schedule(
        GREET.instance("poison").data(new Greet("p", 1)).build(),
        Instant.now().plus(Duration.ofDays(1)));

    claimByANodeThatDies(db);
    ScheduledExecution<Object> retry =
        await()
            .atMost(10, TimeUnit.SECONDS)
            .until(
                () -> queue.client().getScheduledExecution(GREET.instanceId("poison")),
                e -> e.isPresent() && e.get().getConsecutiveFailures() == 1)
            .orElseThrow();
    assertThat(retry.isPicked()).isFalse();

    claimByANodeThatDies(db);
    // The dead job is recorded first and the execution removed after (a crash between them loses
    // nothing), so wait for both.
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () ->
                queue.deadJobs(10).size() == 1
                    && queue.client().getScheduledExecution(GREET.instanceId("poison")).isEmpty());
    DeadJob dead = queue.deadJobs(10).get(0);
    assertThat(dead.instanceId()).isEqualTo("poison");
    assertThat(dead.attempts()).isEqualTo(2);
    assertThat(dead.lastError()).contains("stopped heartbeating");
    assertThat(queue.client().getScheduledExecution(GREET.instanceId("poison"))).isEmpty();
  }

  /** What a node killed mid-job leaves: the job picked by it, its heartbeat long stale. */
  private static void claimByANodeThatDies(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE scheduled_tasks SET picked = ?, picked_by = 'killed-node',"
                    + " last_heartbeat = ?, version = version + 1 WHERE task_instance = 'poison'")) {
      ps.setBoolean(1, true);
      ps.setTimestamp(
          2,
          java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(5))),
          java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void schedulesInsideTheCallersTransactionAndRollsBackWithIt(Dialect dialect) throws Exception {
    Database db = db(dialect);
    JobQueue queue =
        JobQueue.builder(db).task(Tasks.oneTime(GREET).execute((inst, ctx) -> {})).build();
    open.add(queue);
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      queue
          .clientFor(c)
          .scheduleIfNotExists(
              GREET.instance("rolled-back").data(new Greet("r", 1)).scheduledTo(Instant.now()));
      c.rollback();
      queue
          .clientFor(c)
          .scheduleIfNotExists(
              GREET.instance("committed").data(new Greet("c", 1)).scheduledTo(Instant.now()));
      c.commit();
      c.setAutoCommit(true);
    }
    assertThat(queue.client().getScheduledExecutionsForTask("greet", Greet.class))
        .extracting(e -> e.getTaskInstance().getId())
        .containsExactly("committed");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
