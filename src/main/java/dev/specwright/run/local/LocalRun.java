package dev.specwright.run.local;

import dev.specwright.config.DatabaseSettings;
import dev.specwright.queue.JobQueue;
import dev.specwright.run.Agents;
import dev.specwright.run.RepoRef;
import dev.specwright.run.RunControl;
import dev.specwright.run.RunPolicy;
import dev.specwright.run.RunRecord;
import dev.specwright.run.RunSettings;
import dev.specwright.run.RunState;
import dev.specwright.run.SpecRuns;
import dev.specwright.run.Subtask;
import dev.specwright.run.TaskState;
import dev.specwright.run.workspace.GitWorkspaces;
import dev.specwright.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A whole spec run on a local git repository, without GitHub: the real orchestrator ({@link
 * SpecRuns}) with its durable steps on a throw-away SQLite database and job queue, real git
 * workspaces made from the repository, and a {@link LocalGitHub} that keeps comments, pull requests
 * and reviews in memory. Subtask branches are pushed into the repository itself; its working tree,
 * index and HEAD are never touched. Interrupting the calling thread (Ctrl-C) cancels the run.
 */
public final class LocalRun {

  /** States in which a subtask needs nothing more from the local run (no human merges here). */
  private static final Set<TaskState> SETTLED =
      EnumSet.of(
          TaskState.IN_REVIEW,
          TaskState.MERGED,
          TaskState.FAILED,
          TaskState.STUCK,
          TaskState.BLOCKED,
          TaskState.CANCELLED,
          TaskState.ABANDONED);

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** How a local run ended. */
  public record Outcome(
      boolean interrupted,
      RunState state,
      Path report,
      Map<String, String> branches,
      List<TaskState> subtasks) {

    /**
     * The run ended and every subtask it planned has a reviewed branch: what a script calling
     * {@code specwright run} may take as success. A run that planned nothing has delivered nothing.
     */
    public boolean delivered() {
      return !interrupted
          && state != null
          && state != RunState.FAILED
          && state != RunState.CANCELLED
          && !subtasks.isEmpty()
          && undelivered() == 0;
    }

    /** Subtasks without a reviewed branch: failed, stuck, blocked, cancelled or unfinished. */
    public long undelivered() {
      return subtasks.stream().filter(t -> !DELIVERED.contains(t)).count();
    }
  }

  /** Subtask states that count as done in a local run, where nobody merges. */
  private static final Set<TaskState> DELIVERED = EnumSet.of(TaskState.IN_REVIEW, TaskState.MERGED);

  private final Path repoDir;
  private final Path specFile;
  private final RunPolicy policy;
  private final Agents agents;
  private final List<String> header;
  private final Duration tick;
  private final Clock clock;

  /**
   * @param repoDir the repository (its top directory)
   * @param specFile the spec, in Markdown; its first heading is the title
   * @param policy the run's policy; plan approval is switched off and dependents start when their
   *     dependencies are pushed, since nobody approves or merges during a local run
   * @param agents the agents (the model registry and the sandbox are the caller's)
   * @param header lines for the top of the report (the playbook and where its settings came from)
   */
  public LocalRun(
      Path repoDir, Path specFile, RunPolicy policy, Agents agents, List<String> header) {
    this(repoDir, specFile, policy, agents, header, Duration.ofMillis(250), Clock.systemUTC());
  }

  LocalRun(
      Path repoDir,
      Path specFile,
      RunPolicy policy,
      Agents agents,
      List<String> header,
      Duration tick,
      Clock clock) {
    this.repoDir = repoDir;
    this.specFile = specFile;
    this.policy = local(policy);
    this.agents = agents;
    this.header = List.copyOf(header);
    this.tick = tick;
    this.clock = clock;
  }

  /**
   * The text of {@code path} in the repository's current branch tip (not the working tree), e.g.
   * {@code .github/specwright.yml}; empty when it has none.
   */
  public static Optional<String> fileAtHead(Path repoDir, String path) {
    return LocalRepository.open(repoDir).readFile(path);
  }

  /** No {@code /approve} and no merges locally: never wait for either. */
  static RunPolicy local(RunPolicy p) {
    return p.withPlanApprovalRequired(false)
        .withSubIssues(false)
        .withStartWhenDependenciesPushed(true);
  }

  /**
   * Runs to the end (every subtask reviewed, failed or blocked) or until the thread is interrupted,
   * showing progress on {@code out}; then writes the report and prints it.
   *
   * @throws IllegalArgumentException when the repository or the spec cannot be used
   */
  public Outcome run(PrintWriter out, boolean terminal) {
    LocalRepository repo = LocalRepository.open(repoDir);
    Spec spec = Spec.read(specFile);
    int number = repo.nextRunNumber();
    RepoRef ref = new RepoRef("local", safeName(repo.dir()), 0);
    LocalGitHub github = new LocalGitHub(number, spec.title(), spec.body(), repo::readFile);
    LiveFigures live = new LiveFigures(agents);
    Path data = tempDir();
    boolean interrupted = false;
    RunRecord last = null;
    List<Subtask> tasks = List.of();
    out.println(
        "Specwright local run #"
            + number
            + " on "
            + repo.dir()
            + " (branches from "
            + repo.baseBranch()
            + " at "
            + repo.baseCommit().substring(0, 10)
            + ")");
    header.forEach(out::println);
    out.flush();
    try (Database db = Database.open(DatabaseSettings.sqlite(data.resolve("run.db"), data))) {
      GitWorkspaces workspaces =
          new GitWorkspaces(
              data, r -> GitWorkspaces.Remote.anonymous(repo.dir().toString(), repo.baseBranch()));
      SpecRuns runs =
          new SpecRuns(
              db.dataSource(),
              github,
              workspaces,
              live,
              new RunSettings(policy, Duration.ofMillis(200), Duration.ofSeconds(1), 3),
              clock);
      JobQueue queue =
          JobQueue.builder(db)
              .tasks(runs.tasks())
              .threads(Math.min(policy.concurrency() + 3, 12))
              .pollingInterval(Duration.ofMillis(100))
              .shutdownGrace(Duration.ofSeconds(20))
              .name("local")
              .build();
      runs.bind(queue.client());
      queue.start();
      RunControl control = runs.control();
      try {
        RunControl.Result started = control.startRun(ref, number, LocalGitHub.USER, policy);
        if (started.runId().isEmpty()) {
          throw new IllegalStateException("the run did not start: " + started.message());
        }
        ProgressDisplay display = new ProgressDisplay(out, terminal);
        while (true) {
          last = control.latestRun(ref, number).orElseThrow();
          tasks = control.subtasks(last.id());
          display.update(last, tasks, live);
          if (finished(last, tasks)) {
            break;
          }
          try {
            Thread.sleep(tick.toMillis());
          } catch (InterruptedException e) {
            interrupted = true;
            break;
          }
        }
        if (interrupted) {
          out.println("Interrupted: cancelling the agents and removing the workspaces…");
          out.flush();
          control.cancel(ref, number, Optional.empty());
        }
        control.refreshStatus(ref, number);
      } finally {
        // Let running steps see the cancellation and end (pushing any partial work to its branch).
        queue.close();
      }
      last = control.latestRun(ref, number).orElse(last);
      if (last != null) {
        tasks = control.subtasks(last.id());
      }
    } finally {
      deleteQuietly(data);
    }
    Map<String, String> branches = ofRun(repo.specwrightBranches(), number);
    String report =
        LocalReport.render(
            number, repo, spec, header, last, tasks, github, branches, interrupted, clock);
    Path file = writeReport(repo.dir(), report);
    out.println();
    out.println(report);
    out.println("Report: " + file);
    if (interrupted) {
      out.println(
          "Stopped. Left behind: "
              + (branches.isEmpty() ? "no branches" : String.join(", ", branches.keySet()))
              + ". Your working tree and "
              + repo.baseBranch()
              + " are as they were.");
    }
    out.flush();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new Outcome(
        interrupted,
        last == null ? null : last.state(),
        file,
        branches,
        tasks.stream().map(Subtask::state).toList());
  }

  static boolean finished(RunRecord run, List<Subtask> tasks) {
    if (run.state().isFinal()) {
      return true;
    }
    boolean building = run.state() == RunState.IMPLEMENTING || run.state() == RunState.REVIEWING;
    return building
        && !tasks.isEmpty()
        && tasks.stream().allMatch(t -> SETTLED.contains(t.state()));
  }

  private static Map<String, String> ofRun(Map<String, String> all, int number) {
    String prefix = "specwright/" + number + "-";
    Map<String, String> out = new java.util.TreeMap<>();
    all.forEach(
        (b, sha) -> {
          if (b.startsWith(prefix)) {
            out.put(b, sha);
          }
        });
    return out;
  }

  private Path writeReport(Path repo, String report) {
    try {
      Path dir = Files.createDirectories(repo.resolve(".specwright"));
      Path file = dir.resolve(STAMP.format(clock.instant()) + "-report.md");
      Files.writeString(file, report, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + repo + "/.specwright", e);
    }
  }

  /** The repository's directory name as a repository name git paths accept. */
  static String safeName(Path dir) {
    Path name = dir.getFileName();
    String s = name == null ? "repo" : name.toString().replaceAll("[^A-Za-z0-9_.-]", "-");
    s = s.replaceAll("^[.]+", "");
    if (s.isEmpty()) {
      s = "repo";
    }
    return s.length() > 100 ? s.substring(0, 100) : s;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("specwright-run-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary directory; the OS cleans it eventually
    }
  }

  /** The spec file: its first Markdown heading is the title, the rest the body. */
  record Spec(String title, String body) {
    static Spec read(Path file) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the spec " + file + ": " + e.getMessage());
      }
      if (text.isBlank()) {
        throw new IllegalArgumentException("the spec " + file + " is empty");
      }
      List<String> lines = text.lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i).strip();
        if (l.startsWith("#")) {
          String title = l.replaceFirst("^#+\\s*", "").strip();
          String body = String.join("\n", lines.subList(i + 1, lines.size())).strip();
          if (!title.isEmpty()) {
            return new Spec(title, body.isEmpty() ? title : body);
          }
        }
        if (!l.isEmpty()) {
          break;
        }
      }
      String name = file.getFileName().toString().replaceFirst("\\.[A-Za-z]+$", "");
      return new Spec(name, text.strip());
    }
  }
}
