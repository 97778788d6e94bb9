package dev.specwright.run.agents;

import dev.specwright.agent.AgentListener;
import dev.specwright.agent.AgentLoop;
import dev.specwright.agent.AttemptResult;
import dev.specwright.agent.AttemptSpec;
import dev.specwright.agent.AttemptStrategy;
import dev.specwright.agent.Attempts;
import dev.specwright.agent.PromptTemplate;
import dev.specwright.agent.RolePrompts;
import dev.specwright.agent.SecretScrubber;
import dev.specwright.agent.ToolChoice;
import dev.specwright.agent.TranscriptSink;
import dev.specwright.agent.tools.WorkspacePolicy;
import dev.specwright.llm.ChatModel;
import dev.specwright.llm.Cost;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.ModelRegistry;
import dev.specwright.llm.Usage;
import dev.specwright.run.Agents;
import dev.specwright.run.Budget;
import dev.specwright.run.Role;
import dev.specwright.sandbox.CommandResult;
import dev.specwright.sandbox.CommandSpec;
import dev.specwright.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's {@link Agents} port on the real {@link AgentLoop}. Run roles map to agent roles (the
 * planner gets the researcher's read-only tools and, having no checkout, an empty directory); the
 * run's instructions follow the role's system prompt; the agent answers (notes, plan JSON, review
 * JSON, summary) through {@code finish}. The model chain is tried in order: with a {@link
 * ModelRegistry} inside one conversation ({@link ModelRegistry#withFallback}), with a plain model
 * function as fresh attempts after a model error.
 */
public final class LoopAgents implements Agents {

  private static final Logger LOG = LoggerFactory.getLogger(LoopAgents.class);

  /** How often a run's cancellation (which polls the database) is asked during a model call. */
  static final Duration CANCEL_POLL = Duration.ofMillis(500);

  private static final Map<Role, String> ANSWER =
      Map.of(
          Role.RESEARCHER,
          "Call finish with your notes as its summary.",
          Role.PLANNER,
          "Read what you need, then call finish with the plan JSON object, and nothing else, as"
              + " its summary.",
          Role.DEVELOPER,
          "Call finish with a short summary of what you changed.",
          Role.REVIEWER,
          "Call finish with the review JSON object, and nothing else, as its summary.");

  private final Function<List<ModelRef>, AttemptStrategy> strategies;
  private final Attempts attempts;
  private final WorkspacePolicy policy;
  private final AgentLoop loop;
  private final Sandbox sandbox;
  private final TranscriptSink transcripts;
  private final Clock clock;
  private static final ScheduledExecutorService POLLER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "specwright-agent-cancel-poll");
            t.setDaemon(true);
            return t;
          });

  private LoopAgents(
      Function<List<ModelRef>, AttemptStrategy> strategies,
      Sandbox sandbox,
      TranscriptSink transcripts,
      Clock clock,
      WorkspacePolicy policy) {
    this.strategies = strategies;
    this.sandbox = sandbox;
    this.transcripts = transcripts;
    this.clock = clock;
    this.policy = policy;
    this.loop = new AgentLoop(sandbox, transcripts, clock);
    this.attempts = new Attempts(loop);
  }

  /**
   * Agents on a model per reference: the chain is walked as fresh attempts, moving to the next
   * model after an attempt that ended in a model error (stuck restarts are the run's to decide).
   */
  public LoopAgents(
      Function<ModelRef, ChatModel> models, Sandbox sandbox, TranscriptSink transcripts) {
    this(
        chain ->
            new AttemptStrategy(
                chain.size(),
                chain.stream().map(models).toList(),
                EnumSet.of(dev.specwright.agent.EndReason.MODEL_ERROR)),
        sandbox,
        transcripts,
        Clock.systemUTC(),
        WorkspacePolicy.DEFAULT);
  }

  /**
   * Agents on the registry's models: one attempt on {@link ModelRegistry#withFallback}, which moves
   * down the chain inside the conversation when a provider fails for good.
   */
  public static LoopAgents on(ModelRegistry registry, Sandbox sandbox, TranscriptSink transcripts) {
    return new LoopAgents(
        chain -> AttemptStrategy.single(registry.withFallback(chain)),
        sandbox,
        transcripts,
        Clock.systemUTC(),
        WorkspacePolicy.DEFAULT);
  }

  /**
   * The same agents with what the write tools may not touch (a playbook's protected paths and
   * workflow switch).
   */
  public LoopAgents withWorkspacePolicy(WorkspacePolicy workspacePolicy) {
    return new LoopAgents(
        strategies, sandbox, transcripts, clock, Objects.requireNonNull(workspacePolicy));
  }

  @Override
  public AgentResult run(AgentTask task, Listener listener, Agents.Cancellation cancellation) {
    long start = System.nanoTime();
    AttemptStrategy strategy;
    try {
      strategy = strategies.apply(task.models());
    } catch (RuntimeException e) {
      // An unknown provider or a missing key: the run reports it like a provider that is down.
      LOG.warn("no model for {}: {}", task.role().label(), e.getMessage());
      return new AgentResult(
          Agents.EndReason.MODEL_ERROR,
          "",
          0,
          Usage.ZERO,
          Cost.ZERO,
          Duration.ofNanos(System.nanoTime() - start),
          null,
          "no model: " + e.getMessage());
    }
    Path scratch = null;
    Path dir = task.workspace();
    try {
      if (dir == null) {
        scratch = Files.createTempDirectory("specwright-" + task.role().label() + "-");
        dir = scratch;
      }
      dev.specwright.agent.Cancellation token = new dev.specwright.agent.Cancellation();
      cancellation.onCancel(() -> token.cancel("cancelled by the run"));
      ScheduledFuture<?> poll =
          POLLER.scheduleWithFixedDelay(
              () -> {
                if (!token.isCancelled() && cancellation.isCancelled()) {
                  token.cancel("cancelled by the run");
                }
              },
              0,
              CANCEL_POLL.toMillis(),
              TimeUnit.MILLISECONDS);
      try {
        Attempts.Outcome outcome =
            attempts.run(spec(task, dir), strategy, listenerFor(listener), token);
        return result(outcome);
      } finally {
        poll.cancel(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a scratch directory for the planner", e);
    } finally {
      if (scratch != null) {
        deleteQuietly(scratch);
      }
    }
  }

  /** Output of a repository command kept for the run: the tail says why it failed. */
  static final int COMMAND_OUTPUT_CAP = 64 * 1024;

  private static final SecretScrubber SCRUBBER = new SecretScrubber();

  @Override
  public CommandOutcome runCommand(Path workspace, String command, Duration timeout)
      throws InterruptedException {
    try {
      CommandResult r =
          sandbox.run(new CommandSpec(command, workspace, timeout, COMMAND_OUTPUT_CAP, Map.of()));
      String tail = CommandOutcome.tail(SCRUBBER.scrub(r.output()), 2000);
      if (r.timedOut()) {
        tail = "timed out after " + timeout.toSeconds() + " s\n" + tail;
      }
      return new CommandOutcome(r.succeeded(), r.exitCode(), r.timedOut(), tail);
    } catch (IOException e) {
      return new CommandOutcome(false, -1, false, "the command could not start: " + e.getMessage());
    }
  }

  AttemptSpec spec(AgentTask task, Path dir) {
    dev.specwright.agent.Role role = agentRole(task.role());
    String instructions =
        (task.instructions() == null ? "" : task.instructions()) + "\n\n" + ANSWER.get(task.role());
    // The instructions are literal text: a "{{" in them must not read as a placeholder.
    String system =
        RolePrompts.defaultTemplate(role).text()
            + "\n\n## Your part in this run\n\n"
            + instructions.replace("{{", "{ {");
    Agents.Equipment e = task.equipment();
    return AttemptSpec.of(role, task.task(), dir)
        .withBudget(budget(task.budget()))
        .withPolicy(task.role() == Role.DEVELOPER ? writePolicy(e) : WorkspacePolicy.DEFAULT)
        .withPrompt(new PromptTemplate(system))
        .withTools(new ToolChoice(e.tools(), e.testCommand()))
        .withLabel(task.role().label());
  }

  /**
   * What a developer's write tools refuse: the run's protected paths (from its playbook and the
   * repository file, so per run, not per server) added to this instance's.
   */
  private WorkspacePolicy writePolicy(Agents.Equipment e) {
    List<String> paths = new ArrayList<>(policy.protectedPaths());
    e.protectedPaths().stream().filter(p -> !paths.contains(p)).forEach(paths::add);
    return new WorkspacePolicy(policy.allowWorkflowWrites() || e.workflowsWritable(), paths);
  }

  /** The planner reads like a researcher: read-only tools, no writes. */
  static dev.specwright.agent.Role agentRole(Role role) {
    return switch (role) {
      case RESEARCHER, PLANNER -> dev.specwright.agent.Role.RESEARCHER;
      case DEVELOPER -> dev.specwright.agent.Role.DEVELOPER;
      case REVIEWER -> dev.specwright.agent.Role.REVIEWER;
    };
  }

  static dev.specwright.agent.Budget budget(Budget b) {
    if (b == null) {
      return dev.specwright.agent.Budget.DEFAULT;
    }
    return new dev.specwright.agent.Budget(
        b.maxIterations(), b.maxTokens(), Optional.ofNullable(b.maxCostUsd()), b.maxWall());
  }

  private static AgentListener listenerFor(Listener listener) {
    return new AgentListener() {
      int before;
      Usage usageBefore = Usage.ZERO;
      Cost costBefore = Cost.ZERO;

      @Override
      public void onTurn(Turn turn) {
        listener.progress(
            before + turn.iteration(),
            usageBefore.plus(turn.totalUsage()),
            costBefore.plus(turn.totalCost()));
      }

      @Override
      public void onEnd(AttemptResult r) {
        // A later attempt (fallback) counts on from the earlier ones.
        before += r.iterations();
        usageBefore = usageBefore.plus(r.usage());
        costBefore = costBefore.plus(r.cost());
      }
    };
  }

  static AgentResult result(Attempts.Outcome outcome) {
    AttemptResult last = outcome.last();
    ModelRef used = null;
    for (AttemptResult r : outcome.attempts()) {
      if (!r.models().isEmpty()) {
        used = r.models().get(r.models().size() - 1);
      }
    }
    return new AgentResult(
        Agents.EndReason.valueOf(last.endReason().name()),
        last.summary(),
        outcome.iterations(),
        outcome.usage(),
        outcome.cost(),
        outcome.wallTime(),
        used,
        last.detail());
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      List<Path> paths = new ArrayList<>(walk.toList());
      java.util.Collections.reverse(paths);
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.debug("could not delete {}", dir, e);
    }
  }
}
