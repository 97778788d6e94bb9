package dev.specwright.run;

import dev.specwright.llm.Cost;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Agents that follow a script instead of calling a model. Developers write {@code <key>.txt} into
 * their workspace; reviewers comment on line 1 of the first changed file; the planner answers from
 * a queue. A test overrides a subtask's behaviour with {@link #developer}. Every request is kept.
 */
final class ScriptedAgents implements Agents {

  /** Usage of one scripted attempt. */
  static final Usage USAGE = new Usage(1000, 200, 0, 0);

  static final Cost COST = Cost.usd("0.0100");

  /** A scripted developer for one subtask. */
  interface Developer {
    AgentResult attempt(AgentTask task, int attempt, Cancellation cancellation) throws Exception;
  }

  private static final Pattern KEY = Pattern.compile("# Your subtask: ([a-z0-9-]+) — ");

  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<AgentTask> tasks = new CopyOnWriteArrayList<>();
  final Deque<String> planAnswers = new ArrayDeque<>();
  final Deque<String> reviewAnswers = new ArrayDeque<>();
  final Map<String, Developer> developers = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();
  final java.util.concurrent.atomic.AtomicLong firstDeveloperNanos =
      new java.util.concurrent.atomic.AtomicLong();
  volatile boolean providerDown;
  volatile Duration turnDelay = Duration.ZERO;
  volatile int turns = 1;
  volatile Cost costPerAttempt = COST;

  /** Called before each attempt; a test throws from it to simulate a crash mid-step. */
  volatile java.util.function.Consumer<AgentTask> beforeRun = t -> {};

  @Override
  public AgentResult run(AgentTask task, Listener listener, Cancellation cancellation) {
    beforeRun.accept(task);
    if (task.role() == Role.DEVELOPER) {
      firstDeveloperNanos.compareAndSet(0, System.nanoTime());
    }
    tasks.add(task);
    requests.add(task.role().label() + " on " + task.models().getFirst() + ": " + task.task());
    if (providerDown) {
      return new AgentResult(
          Agents.EndReason.MODEL_ERROR,
          "",
          0,
          Usage.ZERO,
          Cost.ZERO,
          Duration.ZERO,
          null,
          "503 from every provider");
    }
    int now = running.incrementAndGet();
    maxRunning.accumulateAndGet(now, Math::max);
    try {
      for (int t = 0; t < turns; t++) {
        if (!pause(cancellation)) {
          return result(task, Agents.EndReason.CANCELLED, "stopped", t);
        }
        listener.progress(t + 1, USAGE, costPerAttempt);
      }
      return switch (task.role()) {
        case RESEARCHER ->
            result(task, Agents.EndReason.FINISHED, "The code lives in src/.", turns);
        case PLANNER -> {
          String answer;
          synchronized (planAnswers) {
            answer = planAnswers.size() > 1 ? planAnswers.poll() : planAnswers.peek();
          }
          yield result(task, Agents.EndReason.FINISHED, answer, turns);
        }
        case DEVELOPER -> develop(task, cancellation);
        case REVIEWER -> review(task);
      };
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      running.decrementAndGet();
    }
  }

  private boolean pause(Cancellation cancellation) throws InterruptedException {
    long end = System.nanoTime() + turnDelay.toNanos();
    while (System.nanoTime() < end) {
      if (cancellation.isCancelled()) {
        return false;
      }
      Thread.sleep(Math.min(20, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
    return !cancellation.isCancelled();
  }

  static String keyOf(AgentTask task) {
    Matcher m = KEY.matcher(task.task());
    return m.find() ? m.group(1) : "?";
  }

  private AgentResult develop(AgentTask task, Cancellation cancellation) throws Exception {
    String key = keyOf(task);
    int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    Developer d = developers.get(key);
    if (d != null) {
      return d.attempt(task, attempt, cancellation);
    }
    write(task, key + ".txt", "work on " + key + ", attempt " + attempt + "\n");
    return result(task, Agents.EndReason.FINISHED, "Implemented " + key + ".", turns);
  }

  private AgentResult review(AgentTask task) {
    String answer;
    synchronized (reviewAnswers) {
      answer = reviewAnswers.poll();
    }
    if (answer == null) {
      Matcher m = Pattern.compile("\\+\\+\\+ b/(\\S+)").matcher(task.task());
      String path = m.find() ? m.group(1) : "README.md";
      answer =
          "{\"event\":\"COMMENT\",\"body\":\"Looks right.\",\"comments\":[{\"path\":\""
              + path
              + "\",\"line\":1,\"body\":\"Consider a test for this line.\"}]}";
    }
    return result(task, Agents.EndReason.FINISHED, answer, turns);
  }

  static void write(AgentTask task, String path, String content) {
    try {
      Files.writeString(task.workspace().resolve(path), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  AgentResult result(AgentTask task, Agents.EndReason end, String text, int iterations) {
    ModelRef model = task.models().getFirst();
    return new AgentResult(
        end, text, iterations, USAGE, costPerAttempt, Duration.ofSeconds(2), model, null);
  }

  /** Repository commands run (setup and tests), in order, as "dir-name: command". */
  final List<String> commands = new CopyOnWriteArrayList<>();

  /** Runs repository commands for real, in a plain process (the tests' commands are harmless). */
  @Override
  public CommandOutcome runCommand(java.nio.file.Path workspace, String command, Duration timeout)
      throws InterruptedException {
    commands.add(workspace.getFileName() + ": " + command);
    try {
      var r =
          new dev.specwright.sandbox.PlainProcessSandbox(
                  dev.specwright.sandbox.SandboxSettings.DEFAULT_PATH)
              .run(
                  new dev.specwright.sandbox.CommandSpec(
                      command, workspace, timeout, 64 * 1024, Map.of()));
      return new CommandOutcome(r.succeeded(), r.exitCode(), r.timedOut(), r.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> requestsOf(Role role) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.startsWith(role.label() + " ")).toList();
    }
  }
}
