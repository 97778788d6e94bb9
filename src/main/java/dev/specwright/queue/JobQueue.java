package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.SystemClock;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.OnStartup;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.StoreException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable job queue: db-scheduler on the application's database, configured per dialect.
 *
 * <p>PostgreSQL claims due jobs with one {@code UPDATE … FOR UPDATE SKIP LOCKED} statement
 * (lock-and-fetch), so any number of replicas share one queue; SQLite claims a batch with one
 * {@code UPDATE … RETURNING} under its single write lock ({@link SqliteJdbcCustomization}). Job
 * data is JSON ({@link JacksonSerializer}), a running job heartbeats, a failed job retries per the
 * {@link RetryPolicy} and finally lands in {@code dead_jobs} with its last error. {@link #close()}
 * stops claiming, waits a bounded time for running jobs, and releases the rest for another node.
 *
 * <p>Steps are ordinary db-scheduler one-time tasks with a record as data, for example {@code
 * Tasks.oneTime(TaskDescriptor.of("plan-run", PlanRun.class)).execute((inst, ctx) -> …)}; give them
 * to {@link Builder#task} and schedule with {@link #schedule(TaskInstance)}.
 */
public final class JobQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
  private static final String TABLE = "scheduled_tasks";

  private final Database db;
  private final Scheduler scheduler;
  private final Serializer serializer;
  private final JdbcCustomization jdbc;
  private final Clock clock;
  private final String name;
  private final Map<String, Task<?>> tasks;
  private final DeadJobs deadJobs;
  private final AtomicBoolean closing;
  private final AtomicBoolean started = new AtomicBoolean();

  private JobQueue(
      Database db,
      Scheduler scheduler,
      Serializer serializer,
      JdbcCustomization jdbc,
      Clock clock,
      String name,
      Map<String, Task<?>> tasks,
      DeadJobs deadJobs,
      AtomicBoolean closing) {
    this.db = db;
    this.scheduler = scheduler;
    this.serializer = serializer;
    this.jdbc = jdbc;
    this.clock = clock;
    this.name = name;
    this.tasks = tasks;
    this.deadJobs = deadJobs;
    this.closing = closing;
  }

  public static Builder builder(Database db) {
    return new Builder(db);
  }

  /** Starts claiming and running due jobs. */
  public void start() {
    if (started.compareAndSet(false, true)) {
      scheduler.start();
    }
  }

  /** Enqueues a job to run now; does nothing if one with the same task and id is queued. */
  public <T> void schedule(TaskInstance<T> instance) {
    scheduleIfNotExists(instance, clock.now());
  }

  /** Enqueues a job to run at {@code at}; does nothing if one with the same id is queued. */
  public <T> void schedule(TaskInstance<T> instance, Instant at) {
    scheduleIfNotExists(instance, at);
  }

  /**
   * Enqueues a job unless one with the same task and instance id is already queued or running: the
   * instance id is the idempotency key. Returns whether it was enqueued.
   */
  public <T> boolean scheduleIfNotExists(TaskInstance<T> instance) {
    return scheduleIfNotExists(instance, clock.now());
  }

  public <T> boolean scheduleIfNotExists(TaskInstance<T> instance, Instant at) {
    requireKnown(instance.getTaskName());
    return scheduler.scheduleIfNotExists(instance, at);
  }

  /** db-scheduler's client on this queue: reschedule, cancel, list scheduled executions. */
  public SchedulerClient client() {
    return scheduler;
  }

  /**
   * A db-scheduler client that works inside the caller's open transaction on {@code transaction}
   * (auto-commit off): what it schedules commits or rolls back with the caller's own writes. Use
   * {@code schedule(instance, instant)} or {@code scheduleBatch} with explicit instants (from
   * {@link #clock()}), then {@link #triggerCheckForDueJobs()} after the commit.
   */
  public SchedulerClient clientFor(Connection transaction) {
    return SchedulerClient.Builder.create(
            new TransactionDataSource(transaction), new ArrayList<>(tasks.values()))
        .serializer(serializer)
        .jdbcCustomization(jdbc)
        .build();
  }

  /** A job's data as this queue writes it to {@code scheduled_tasks.task_data}. */
  byte[] serialize(Object data) {
    return serializer.serialize(data);
  }

  /** Wakes this node's poller, e.g. after jobs were committed through {@link #clientFor}. */
  public void triggerCheckForDueJobs() {
    scheduler.triggerCheckForDueExecutions();
  }

  /** Dead jobs, newest first. */
  public List<DeadJob> deadJobs(int limit) {
    return deadJobs.list(limit);
  }

  /**
   * Puts a dead job back in the queue, with its data, to run now with a fresh set of attempts.
   * Returns false when there is no such dead job or it is queued again already.
   */
  public boolean retryDead(String taskName, String instanceId) {
    Optional<DeadJob> dead = deadJobs.find(taskName, instanceId);
    if (dead.isEmpty()) {
      return false;
    }
    Task<?> task = requireKnown(taskName);
    boolean queued = scheduler.scheduleIfNotExists(instanceOf(task, dead.get()), clock.now());
    if (queued) {
      deadJobs.delete(taskName, instanceId);
    }
    return queued;
  }

  private <T> TaskInstance<T> instanceOf(Task<T> task, DeadJob dead) {
    if (dead.dataJson() == null || task.getDataClass() == Void.class) {
      return task.instance(dead.instanceId());
    }
    T data =
        serializer.deserialize(
            task.getDataClass(), dead.dataJson().getBytes(StandardCharsets.UTF_8));
    return task.instance(dead.instanceId(), data);
  }

  private Task<?> requireKnown(String taskName) {
    Task<?> task = tasks.get(taskName);
    if (task == null) {
      throw new IllegalArgumentException("no task named '" + taskName + "' in this queue");
    }
    return task;
  }

  /** The time source of the queue (a settable one in tests). */
  public Clock clock() {
    return clock;
  }

  /** This node's name, as written to {@code scheduled_tasks.picked_by}. */
  public String name() {
    return name;
  }

  /** Jobs this node is running right now. */
  public int runningJobs() {
    return scheduler.getCurrentlyExecuting().size();
  }

  /**
   * Registers a JVM shutdown hook (run on SIGTERM and SIGINT) that closes this queue, so that a
   * stopping container finishes or releases what it claimed. Returns the hook thread.
   */
  public Thread closeOnShutdown() {
    Thread hook = new Thread(this::close, "specwright-queue-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /**
   * Stops claiming, waits up to the shutdown grace for running jobs (interrupting them halfway),
   * then releases every job this node still holds, so that another node runs it at once instead of
   * waiting for the heartbeat to go stale. Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    if (started.get()) {
      scheduler.stop();
      List<String> stuck =
          scheduler.getCurrentlyExecuting().stream()
              .map(c -> c.getTaskInstance().toString())
              .toList();
      if (!stuck.isEmpty()) {
        LOG.warn("jobs still running after the shutdown grace (released anyway): {}", stuck);
      }
    }
    int released = releaseClaimed();
    if (released > 0) {
      LOG.info("released {} claimed job(s) for other nodes", released);
    }
  }

  /** Unclaims every job picked by this node; the version bump fences off a late completion. */
  private int releaseClaimed() {
    String sql =
        "UPDATE "
            + TABLE
            + " SET picked = ?, picked_by = NULL, last_heartbeat = NULL, version = version + 1"
            + " WHERE picked = ? AND picked_by = ?";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setBoolean(1, false);
      ps.setBoolean(2, true);
      ps.setString(3, name);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(
          "scheduled_tasks: cannot release claimed jobs: " + e.getMessage(), e);
    }
  }

  /** Builds a {@link JobQueue}; defaults suit one small server. */
  public static final class Builder {
    private final Database db;
    private final List<Task<?>> tasks = new ArrayList<>();
    private final List<DeadJobListener> deadJobListeners = new ArrayList<>();
    private int threads;
    private Duration pollingInterval = Duration.ofSeconds(2);
    private Duration heartbeatInterval = Duration.ofSeconds(30);
    private int missedHeartbeatsLimit = 4;
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Clock clock = new SystemClock();
    private String name;

    private Builder(Database db) {
      this.db = db;
      // SQLite has one writer: a few threads keep it busy without queueing on the write lock.
      this.threads = db.dialect() == Dialect.SQLITE ? 4 : 8;
    }

    /** Adds the steps other packages contribute (db-scheduler tasks, typically one-time). */
    public Builder tasks(List<? extends Task<?>> tasks) {
      this.tasks.addAll(tasks);
      return this;
    }

    public Builder task(Task<?> task) {
      this.tasks.add(task);
      return this;
    }

    /** Worker threads on this node. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1");
      }
      this.threads = threads;
      return this;
    }

    /** How often an idle node looks for due jobs (new local jobs wake it at once). */
    public Builder pollingInterval(Duration pollingInterval) {
      this.pollingInterval = pollingInterval;
      return this;
    }

    /**
     * How often a running job's heartbeat is written; a job whose heartbeat is older than {@code
     * interval * missedLimit} belongs to a dead node and is run again.
     */
    public Builder heartbeat(Duration interval, int missedLimit) {
      if (missedLimit < 4) {
        throw new IllegalArgumentException(
            "missedLimit must be at least 4 (db-scheduler's minimum)");
      }
      this.heartbeatInterval = interval;
      this.missedHeartbeatsLimit = missedLimit;
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /** How long {@link JobQueue#close()} waits for running jobs in all. */
    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
      return this;
    }

    /** db-scheduler's clock; tests pass a {@code SettableClock}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * This node's name in {@code picked_by}; must be unique among live nodes (default: host +
     * random).
     */
    public Builder name(String name) {
      if (name.isBlank() || name.length() > 50) {
        throw new IllegalArgumentException("name must be 1 to 50 characters");
      }
      this.name = name;
      return this;
    }

    public Builder onDeadJob(DeadJobListener listener) {
      this.deadJobListeners.add(listener);
      return this;
    }

    public JobQueue build() {
      String nodeName = name != null ? name : defaultName();
      AtomicBoolean closing = new AtomicBoolean();
      Serializer serializer = new JacksonSerializer();
      DeadJobs deadJobs = new DeadJobs(db);
      JdbcCustomization jdbc =
          db.dialect() == Dialect.POSTGRESQL
              ? new PostgreSqlJdbcCustomization(false, true)
              : new SqliteJdbcCustomization();

      Map<String, Task<?>> byName = new LinkedHashMap<>();
      List<Task<?>> retrying = new ArrayList<>();
      List<Task<?>> onStartup = new ArrayList<>();
      for (Task<?> task : tasks) {
        if (byName.putIfAbsent(task.getName(), task) != null) {
          throw new IllegalArgumentException("two tasks are named '" + task.getName() + "'");
        }
        if (task instanceof OnStartup) {
          onStartup.add(task); // recurring: their schedule decides the next run, failed or not
        } else {
          retrying.add(wrap(task, serializer, deadJobs, closing));
        }
      }
      retrying.forEach(t -> byName.put(t.getName(), t));

      SchedulerBuilder b =
          Scheduler.create(db.dataSource(), retrying)
              .threads(threads)
              .pollingInterval(pollingInterval)
              .heartbeatInterval(heartbeatInterval)
              .missedHeartbeatsLimit(missedHeartbeatsLimit)
              .serializer(serializer)
              .jdbcCustomization(jdbc)
              .schedulerName(new SchedulerName.Fixed(nodeName))
              // db-scheduler waits this long, interrupts, then waits as long again.
              .shutdownMaxWait(shutdownGrace.dividedBy(2))
              .failureLogging(LogLevel.WARN, false)
              .enableImmediateExecution()
              .clock(clock);
      // One statement claims a batch on either database (see SqliteJdbcCustomization).
      b.pollUsingLockAndFetch(0.25, 1.0);
      addStartTasks(b, onStartup);
      return new JobQueue(
          db, b.build(), serializer, jdbc, clock, nodeName, byName, deadJobs, closing);
    }

    private <T> Task<T> wrap(
        Task<T> task, Serializer serializer, DeadJobs deadJobs, AtomicBoolean closing) {
      return new RetryingTask<>(
          task,
          new RetryingFailureHandler<>(
              retryPolicy, deadJobs, List.copyOf(deadJobListeners), serializer, closing::get));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addStartTasks(SchedulerBuilder b, List<Task<?>> onStartup) {
      if (!onStartup.isEmpty()) {
        b.startTasks((List) onStartup);
      }
    }

    private static String defaultName() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        host = "node";
      }
      String suffix = UUID.randomUUID().toString().substring(0, 8);
      host = host.length() > 40 ? host.substring(0, 40) : host;
      return host + "-" + suffix;
    }
  }
}
