package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several replicas on one database share the queue without running a job twice: on PostgreSQL by
 * {@code FOR UPDATE SKIP LOCKED}, on SQLite by the one-statement claim under its write lock.
 */
class JobQueueReplicasTest {

  record Work(int n) {}

  static final TaskDescriptor<Work> WORK = TaskDescriptor.of("work", Work.class);

  @TempDir Path temp;

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void twoReplicasRunEveryJobExactlyOnce(Dialect dialect) throws Exception {
    int jobs = 400;
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Map<String, String> ranOn = new ConcurrentHashMap<>();
    try (Database db = TestDatabases.open(dialect, temp);
        JobQueue a = replica(db, "replica-a", runs, ranOn);
        JobQueue b = replica(db, "replica-b", runs, ranOn)) {
      // Enqueue everything first, in one transaction, so both replicas race for the same rows.
      List<TaskInstance<?>> batch = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        batch.add(WORK.instance("job-" + i).data(new Work(i)).build());
      }
      try (Connection c = db.dataSource().getConnection()) {
        c.setAutoCommit(false);
        a.clientFor(c).scheduleBatch(batch, Instant.now());
        c.commit();
      }
      a.start();
      b.start();
      a.triggerCheckForDueJobs();
      b.triggerCheckForDueJobs();

      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> a.client().getScheduledExecutionsForTask("work").isEmpty());

      assertThat(runs).hasSize(jobs);
      assertThat(runs.values().stream().filter(n -> n.get() != 1).toList())
          .as("jobs that ran more than once")
          .isEmpty();
      Map<String, Long> perReplica =
          ranOn.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
      assertThat(perReplica.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(jobs);
      System.out.println("jobs per replica: " + perReplica);
    }
  }

  private static JobQueue replica(
      Database db, String name, Map<String, AtomicInteger> runs, Map<String, String> ranOn) {
    return JobQueue.builder(db)
        .name(name)
        .threads(4)
        .pollingInterval(Duration.ofMillis(50))
        .task(
            Tasks.oneTime(WORK)
                .execute(
                    (inst, ctx) -> {
                      runs.computeIfAbsent(inst.getId(), k -> new AtomicInteger())
                          .incrementAndGet();
                      ranOn.put(inst.getId(), name);
                      try {
                        Thread.sleep(2); // long enough for the replicas to interleave
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }))
        .build();
  }
}
