package dev.specwright.run;

import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.specwright.llm.ModelRef;
import dev.specwright.queue.SqliteJdbcCustomization;
import dev.specwright.run.RunGitHub.Issue;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One test world: a real database of the dialect, a real db-scheduler polling it fast, the run
 * orchestrator, and fakes of its ports. {@link #restart} stops the scheduler and starts a new
 * orchestrator and scheduler on the same database, as a process restart would.
 */
final class RunWorld implements AutoCloseable {

  static final RepoRef REPO = new RepoRef("acme", "shop", 42L);
  static final int ISSUE = 7;
  static final ModelRef STRONG = ModelRef.parse("anthropic:claude-opus-4-1");
  static final ModelRef CHEAP = ModelRef.parse("openai:gpt-5-mini");
  static final ModelRef FALLBACK = ModelRef.parse("anthropic:claude-sonnet-4-5");

  /** Three subtasks: api and ui independent, docs after api. */
  static final String PLAN =
      """
      {"subtasks":[
       {"key":"api","title":"Login endpoint","description":"Add POST /login.",
        "acceptance_criteria":["returns a session cookie"],"files":["src/api.txt"],"depends_on":[]},
       {"key":"ui","title":"Login form","description":"Add the form.",
        "acceptance_criteria":["form posts to /login"],"files":[],"depends_on":[]},
       {"key":"docs","title":"Document login","description":"Document the endpoint.",
        "acceptance_criteria":["README explains login"],"files":["README.md"],"depends_on":["api"]}
      ]}
      """;

  final Database db;
  final FakeGitHub github;
  final FakeWorkspaces workspaces;
  final ScriptedAgents agents = new ScriptedAgents();
  RunSettings settings;
  SpecRuns runs;
  Scheduler scheduler;

  RunWorld(Dialect dialect, Path tmp) throws Exception {
    this(dialect, tmp, p -> p);
  }

  RunWorld(Dialect dialect, Path tmp, UnaryOperator<RunPolicy> policy) throws Exception {
    db = TestDatabases.open(dialect, tmp);
    github =
        new FakeGitHub(
            new Issue(
                ISSUE,
                "Add auth",
                "Users log in with a password.",
                "alice",
                Permission.WRITE,
                "https://github.test/acme/shop/issues/7",
                List.of()));
    workspaces =
        new FakeWorkspaces(
            Files.createDirectories(tmp.resolve("ws")), Map.of("README.md", "shop\n"));
    agents.planAnswers.add(PLAN);
    RunPolicy base =
        RunPolicy.defaults(STRONG, CHEAP).withModels(Role.DEVELOPER, List.of(CHEAP, FALLBACK));
    settings =
        new RunSettings(policy.apply(base), Duration.ofMillis(40), Duration.ofMillis(100), 3);
    start();
  }

  void start() {
    runs = new SpecRuns(db.dataSource(), github, workspaces, agents, settings, Clock.systemUTC());
    var builder = Scheduler.create(db.dataSource(), runs.tasks());
    if (db.dialect() == Dialect.SQLITE) {
      builder.jdbcCustomization(new SqliteJdbcCustomization());
    }
    scheduler =
        builder
            .threads(12)
            .pollingInterval(Duration.ofMillis(25))
            .heartbeatInterval(Duration.ofMillis(200))
            .shutdownMaxWait(Duration.ofMillis(200))
            .enableImmediateExecution()
            .build();
    runs.bind(scheduler);
    scheduler.start();
  }

  /** Stops the scheduler (running steps are abandoned) and starts a fresh orchestrator. */
  void restart() {
    scheduler.stop();
    start();
  }

  RunControl control() {
    return runs.control();
  }

  RunControl.Result label() {
    return control().startRun(REPO, ISSUE, "alice");
  }

  RunRecord run() {
    return control().latestRun(REPO, ISSUE).orElseThrow();
  }

  Subtask task(String key) {
    return runs.subtasks.get(run().id(), key);
  }

  Optional<Subtask> findTask(String key) {
    return control().latestRun(REPO, ISSUE).flatMap(r -> runs.subtasks.find(r.id(), key));
  }

  void awaitRun(RunState state) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> control().latestRun(REPO, ISSUE).map(r -> r.state() == state).orElse(false));
  }

  void awaitTask(String key, TaskState state) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> findTask(key).map(t -> t.state() == state).orElse(false));
  }

  /** Waits until the status comment has caught up with the database. */
  void awaitStatusContains(String text) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> github.statusComment().contains(text));
  }

  void merge(String key) {
    control().onPullRequestClosed(REPO, task(key).prNumber(), true);
  }

  @Override
  public void close() {
    scheduler.stop();
    db.close();
  }
}
