package dev.specwright.cli;

import dev.specwright.agent.AgentListener;
import dev.specwright.agent.AgentLoop;
import dev.specwright.agent.AttemptResult;
import dev.specwright.agent.AttemptSpec;
import dev.specwright.agent.AttemptStrategy;
import dev.specwright.agent.Attempts;
import dev.specwright.agent.Budget;
import dev.specwright.agent.Cancellation;
import dev.specwright.agent.Role;
import dev.specwright.agent.TranscriptJson;
import dev.specwright.agent.TranscriptSink;
import dev.specwright.agent.tools.WorkspacePolicy;
import dev.specwright.llm.ChatModel;
import dev.specwright.llm.ModelRef;
import dev.specwright.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code specwright agent}: one agent on a local directory, outside any run. Prints each turn as it
 * happens, then how the attempt ended and what it used; exit code 0 only when the agent finished, 1
 * when it ended otherwise, 2 for bad arguments.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Run one agent on a local directory and print each turn as it happens.",
      "Exit code: 0 when the agent finished, 1 when it ended otherwise"
          + " (budget, stuck, model error, cancelled), 2 for bad arguments."
    })
public final class AgentCommand implements Callable<Integer> {

  private final Function<ModelRef, ChatModel> models;
  private final Supplier<Sandbox> sandboxes;
  private final Clock clock;

  @Spec CommandSpec spec;

  @Option(
      names = "--workspace",
      required = true,
      paramLabel = "<dir>",
      description = "The directory the agent works in (its only writable place).")
  Path workspace;

  @Option(
      names = "--role",
      required = true,
      paramLabel = "<role>",
      description = "developer, researcher or reviewer.")
  String role;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "<provider:model>",
      description = "e.g. anthropic:claude-sonnet-4-5, openai:gpt-5-mini, ollama:qwen3-coder.")
  String model;

  @Option(
      names = "--fallback-model",
      paramLabel = "<provider:model>",
      description = "A model for another attempt after stuck or a model error; repeatable.")
  List<String> fallbackModels = new ArrayList<>();

  @ArgGroup(exclusive = true, multiplicity = "1")
  TaskSource taskSource;

  /** The task, given inline or in a file; exactly one. */
  static final class TaskSource {
    @Option(names = "--task", paramLabel = "<text>", description = "The task, as text.")
    String text;

    @Option(names = "--task-file", paramLabel = "<file>", description = "A file with the task.")
    Path file;
  }

  @Option(
      names = "--transcript",
      paramLabel = "<file.json>",
      description = "Write the transcript (scrubbed of secrets) to this JSON file.")
  Path transcript;

  @Option(names = "--max-iterations", paramLabel = "<n>", description = "Default: 50.")
  Integer maxIterations;

  @Option(names = "--max-tokens", paramLabel = "<n>", description = "Default: 2000000; 0 = none.")
  Long maxTokens;

  @Option(names = "--max-cost", paramLabel = "<usd>", description = "Default: 5.00.")
  BigDecimal maxCost;

  @Option(
      names = "--max-wall-time",
      paramLabel = "<duration>",
      description = "e.g. 90s, 30m, 2h, PT30M. Default: 30m.")
  String maxWallTime;

  @Option(
      names = "--command-timeout",
      paramLabel = "<duration>",
      description = "Time limit of one command. Default: 10m.")
  String commandTimeout;

  @Option(
      names = "--allow-workflow-writes",
      description = "Let the agent change .github/workflows/ (off by default).")
  boolean allowWorkflowWrites;

  @Option(
      names = "--protect",
      paramLabel = "<glob>",
      description = "A path the agent may read but not write, e.g. 'deploy/**'; repeatable.")
  List<String> protectedPaths = new ArrayList<>();

  /**
   * @param models resolves a model name to a model (the lead wires the model registry here)
   * @param sandboxes gives the sandbox commands run in (bubblewrap in production)
   */
  public AgentCommand(Function<ModelRef, ChatModel> models, Supplier<Sandbox> sandboxes) {
    this(models, sandboxes, Clock.systemUTC());
  }

  AgentCommand(Function<ModelRef, ChatModel> models, Supplier<Sandbox> sandboxes, Clock clock) {
    this.models = models;
    this.sandboxes = sandboxes;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AttemptSpec attemptSpec;
    List<ModelRef> refs = new ArrayList<>();
    try {
      Role r = Role.parse(role);
      if (!Files.isDirectory(workspace)) {
        throw new IllegalArgumentException("--workspace " + workspace + " is not a directory");
      }
      refs.add(ModelRef.parse(model));
      for (String f : fallbackModels) {
        refs.add(ModelRef.parse(f));
      }
      attemptSpec = AttemptSpec.of(r, readTask(), workspace).withBudget(budget());
      if (commandTimeout != null) {
        attemptSpec =
            attemptSpec.withCommandLimits(
                parseDuration(commandTimeout, "--command-timeout"),
                attemptSpec.commandOutputCapBytes());
      }
      attemptSpec =
          attemptSpec
              .withPolicy(new WorkspacePolicy(allowWorkflowWrites, protectedPaths))
              .withLabel("cli " + workspace.toAbsolutePath().normalize());
    } catch (IllegalArgumentException | IOException e) {
      err.println("specwright agent: " + e.getMessage());
      err.flush();
      return 2;
    }

    List<ChatModel> chain = new ArrayList<>();
    for (ModelRef ref : refs) {
      try {
        chain.add(models.apply(ref));
      } catch (RuntimeException e) {
        err.println("specwright agent: cannot use model " + ref + ": " + e.getMessage());
        err.flush();
        return 2;
      }
    }
    AttemptStrategy strategy =
        chain.size() == 1 ? AttemptStrategy.single(chain.get(0)) : AttemptStrategy.fallback(chain);

    Sandbox sandbox = sandboxes.get();
    AgentLoop loop = new AgentLoop(sandbox, transcriptSink(), clock);
    out.printf(
        "agent: %s in %s, model %s, sandbox %s%n",
        attemptSpec.role().wireName(),
        workspace.toAbsolutePath().normalize(),
        String.join(" → ", refs.stream().map(ModelRef::toString).toList()),
        sandbox.name());
    out.printf("budget: %s%n", describe(attemptSpec.budget()));
    out.flush();

    Cancellation cancellation = new Cancellation();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              cancellation.cancel("interrupted from the terminal");
              try {
                done.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "specwright-agent-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    Attempts.Outcome outcome;
    try {
      outcome = new Attempts(loop).run(attemptSpec, strategy, new Printer(out), cancellation);
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting; the hook has run.
      }
    }
    AttemptResult last = outcome.last();
    out.println();
    out.println(
        "end: "
            + last.endReason().wireName()
            + (last.detail().isEmpty() ? "" : " (" + last.detail() + ")"));
    if (!last.summary().isEmpty()) {
      out.println("summary: " + last.summary());
    }
    out.printf(
        "totals: %d attempt(s), %d iterations, %,d tokens (%,d in, %,d out, %,d cache write, %,d"
            + " cache read), cost %s, %.1f s%n",
        outcome.attempts().size(),
        outcome.iterations(),
        outcome.usage().total(),
        outcome.usage().input(),
        outcome.usage().output(),
        outcome.usage().cacheWrite(),
        outcome.usage().cacheRead(),
        outcome.cost(),
        outcome.wallTime().toMillis() / 1000.0);
    if (transcript != null) {
      out.println("transcript: " + transcript.toAbsolutePath().normalize());
    }
    out.flush();
    return last.finished() ? 0 : 1;
  }

  private String readTask() throws IOException {
    if (taskSource.file != null) {
      if (!Files.isRegularFile(taskSource.file)) {
        throw new IllegalArgumentException("--task-file " + taskSource.file + " is not a file");
      }
      return Files.readString(taskSource.file, StandardCharsets.UTF_8);
    }
    return taskSource.text;
  }

  private Budget budget() {
    Budget b = Budget.DEFAULT;
    if (maxIterations != null) {
      b = b.withMaxIterations(maxIterations);
    }
    if (maxTokens != null) {
      b = b.withMaxTokens(maxTokens);
    }
    if (maxCost != null) {
      b = b.withMaxCostUsd(maxCost);
    }
    if (maxWallTime != null) {
      b = b.withMaxWallTime(parseDuration(maxWallTime, "--max-wall-time"));
    }
    return b;
  }

  private TranscriptSink transcriptSink() {
    if (transcript == null) {
      return TranscriptSink.NONE;
    }
    return t -> {
      Path file = transcript;
      if (t.attempt() > 1) {
        String name = transcript.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        file = transcript.resolveSibling(base + ".attempt-" + t.attempt() + ".json");
      }
      TranscriptJson.write(t, file);
    };
  }

  private static String describe(Budget b) {
    return b.maxIterations()
        + " iterations, "
        + (b.maxTokens() == 0 ? "no token limit" : String.format("%,d tokens", b.maxTokens()))
        + ", "
        + b.maxCostUsd().map(c -> "$" + c.toPlainString()).orElse("no cost limit")
        + ", "
        + b.maxWallTime().toSeconds()
        + " s";
  }

  /** {@code 90s}, {@code 30m}, {@code 2h}, or ISO-8601 ({@code PT30M}). */
  static Duration parseDuration(String text, String option) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt") || t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      Duration d =
          switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException();
          };
      if (!d.isPositive()) {
        throw new IllegalArgumentException();
      }
      return d;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a duration; write e.g. 90s, 30m, 2h or PT30M");
    }
  }

  /** Prints each turn as it happens. */
  private static final class Printer implements AgentListener {
    private final PrintWriter out;

    Printer(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void onStart(Start start) {
      if (start.attempt() > 1) {
        out.println();
        out.println("attempt " + start.attempt() + " (fresh context)");
      }
      out.flush();
    }

    @Override
    public void onTurn(Turn t) {
      out.printf(
          "[%d] %s  %,d in / %,d out tokens, %s  (total %,d tokens, %s, %.1f s)%n",
          t.iteration(),
          t.model() == null ? "?" : t.model(),
          t.usage().input() + t.usage().cacheRead() + t.usage().cacheWrite(),
          t.usage().output(),
          t.cost(),
          t.totalUsage().total(),
          t.totalCost(),
          t.elapsed().toMillis() / 1000.0);
      if (!t.text().isEmpty()) {
        out.println("    " + t.text());
      }
      if (t.tools().isEmpty()) {
        out.println("    (no tool call)");
      }
      for (ToolUse u : t.tools()) {
        out.println("    → " + u.name() + " " + u.arguments());
        out.println("      " + (u.isError() ? "✗ " : "✓ ") + u.result());
      }
      out.flush();
    }

    @Override
    public void onEnd(AttemptResult r) {
      out.println("attempt " + r.attempt() + ": " + r.describe());
      out.flush();
    }
  }
}
