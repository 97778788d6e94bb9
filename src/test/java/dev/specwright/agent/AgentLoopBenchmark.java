package dev.specwright.agent;

import static dev.specwright.agent.ScriptedChatModel.call;
import static dev.specwright.agent.ScriptedChatModel.calls;

import ch.qos.logback.classic.Level;
import dev.specwright.config.DatabaseSettings;
import dev.specwright.llm.ToolCall;
import dev.specwright.sandbox.CommandResult;
import dev.specwright.sandbox.CommandSpec;
import dev.specwright.sandbox.Sandbox;
import dev.specwright.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent loop's own overhead per iteration: everything but the model call (tool execution on a
 * real temp repository, schema validation, scrubbing, capping, stuck detection, bookkeeping,
 * listener). The model answers instantly from a script; {@code run_command} goes to a sandbox that
 * answers instantly too, because process start is the sandbox's cost, measured by its own
 * benchmark. The time between two consecutive model calls is one iteration's overhead.
 *
 * <p>Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.specwright.agent.AgentLoopBenchmark}
 */
public final class AgentLoopBenchmark {

  private static final int FILES = 200;
  private static final int ITERATIONS_PER_ATTEMPT = 40;
  private static final int WARMUP_ATTEMPTS = 30;
  private static final int MEASURED_ATTEMPTS = 60;

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.WARN);
    Path dir = Files.createTempDirectory("agent-bench");
    Path repo = makeRepo(dir.resolve("repo"));
    Sandbox instant =
        new Sandbox() {
          @Override
          public CommandResult run(CommandSpec command) {
            return new CommandResult(
                0, "BUILD SUCCESS\nTests run: 42, Failures: 0\n", false, false, Duration.ZERO);
          }

          @Override
          public String name() {
            return "instant";
          }
        };

    try (Database db = Database.open(DatabaseSettings.sqlite(dir.resolve("bench.db"), dir))) {
      TranscriptStore store = new TranscriptStore(db);
      List<Long> saveNanos = new ArrayList<>();
      TranscriptSink timed =
          t -> {
            long s = System.nanoTime();
            store.save(t);
            saveNanos.add(System.nanoTime() - s);
          };
      AgentLoop loop = new AgentLoop(instant, timed);
      AttemptSpec spec =
          AttemptSpec.of(Role.DEVELOPER, "Benchmark task: rename things.", repo)
              .withBudget(Budget.DEFAULT.withMaxIterations(ITERATIONS_PER_ATTEMPT));

      for (int i = 0; i < WARMUP_ATTEMPTS; i++) {
        runAttempt(loop, spec, new ArrayList<>(), new TreeMap<>());
      }
      saveNanos.clear();
      List<Long> gaps = new ArrayList<>();
      Map<String, List<Long>> byTool = new TreeMap<>();
      for (int i = 0; i < MEASURED_ATTEMPTS; i++) {
        runAttempt(loop, spec, gaps, byTool);
      }

      System.out.printf(
          "agent loop overhead per iteration (%d attempts x %d iterations, %d files, 2 cores)%n",
          MEASURED_ATTEMPTS, ITERATIONS_PER_ATTEMPT, FILES);
      System.out.printf(
          "  all iterations   median %.3f ms  p90 %.3f ms  (n=%d)%n",
          median(gaps), percentile(gaps, 90), gaps.size());
      for (var e : byTool.entrySet()) {
        System.out.printf(
            "  %-16s median %.3f ms  p90 %.3f ms%n",
            e.getKey(), median(e.getValue()), percentile(e.getValue(), 90));
      }
      System.out.printf(
          "  transcript save (SQLite, %d entries) median %.3f ms per attempt%n",
          1 + 2 * ITERATIONS_PER_ATTEMPT, median(saveNanos));
    }
  }

  /** Five realistic calls in turn: read, search, edit (back and forth), list, run tests. */
  private static ToolCall step(int n) {
    int file = (n * 7) % FILES;
    return switch (n % 5) {
      case 0 -> call("read_file", "path", path(file));
      case 1 -> call("search", "pattern", "value\\d+ \\+ 1", "path", "src");
      case 2 ->
          (n / 5) % 2 == 0
              ? call(
                  "edit_file",
                  "path",
                  path(3),
                  "old_text",
                  "return value",
                  "new_text",
                  "return result")
              : call(
                  "edit_file",
                  "path",
                  path(3),
                  "old_text",
                  "return result",
                  "new_text",
                  "return value");
      case 3 -> call("list_files", "path", "src", "depth", 2);
      default -> call("run_command", "command", "mvn -q test");
    };
  }

  private static void runAttempt(
      AgentLoop loop, AttemptSpec spec, List<Long> gaps, Map<String, List<Long>> byTool) {
    long[] last = {0};
    String[] lastTool = {null};
    ScriptedChatModel model =
        ScriptedChatModel.looping(
            n ->
                req -> {
                  long now = System.nanoTime();
                  if (last[0] != 0) {
                    gaps.add(now - last[0]);
                    byTool.computeIfAbsent(lastTool[0], k -> new ArrayList<>()).add(now - last[0]);
                  }
                  ToolCall c = step(n);
                  lastTool[0] = c.name();
                  // Taken last, so the model's own (tiny) work is outside the gap.
                  last[0] = System.nanoTime();
                  return calls(c).answer(req);
                });
    // Restore the edited file so every attempt starts alike.
    AttemptResult r = loop.run(spec, model, AgentListener.NONE, Cancellation.none());
    if (r.endReason() != EndReason.BUDGET_EXHAUSTED) {
      throw new IllegalStateException("benchmark attempt ended early: " + r.describe());
    }
  }

  private static String path(int i) {
    return "src/main/java/pkg" + (i % 10) + "/Type" + i + ".java";
  }

  private static Path makeRepo(Path repo) throws Exception {
    for (int i = 0; i < FILES; i++) {
      Path f = repo.resolve(path(i));
      Files.createDirectories(f.getParent());
      StringBuilder sb = new StringBuilder("package pkg" + (i % 10) + ";\n\n");
      sb.append("public final class Type").append(i).append(" {\n");
      for (int m = 0; m < 20; m++) {
        sb.append("  public int method").append(m).append("(int value").append(m).append(") {\n");
        sb.append("    int result = value").append(m).append(" + 1;\n");
        sb.append(m == 0 ? "    return value;\n" : "    return result;\n");
        sb.append("  }\n");
      }
      sb.append("}\n");
      Files.writeString(f, sb);
    }
    Files.writeString(repo.resolve(".gitignore"), "target/\n*.class\n");
    Files.createDirectories(repo.resolve("target/classes"));
    Files.writeString(repo.resolve("target/classes/Ignored.class"), "value1 + 1");
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("bench")
          .setAuthor("b", "b@example.com")
          .setCommitter("b", "b@example.com")
          .setSign(false)
          .call();
    }
    return repo;
  }

  private static double median(List<Long> xs) {
    return percentile(xs, 50);
  }

  private static double percentile(List<Long> xs, int p) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    if (s.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(i, s.size() - 1))) / 1e6;
  }
}
