package dev.specwright.agent;

import dev.specwright.agent.tools.FinishTool;
import dev.specwright.agent.tools.OutputCap;
import dev.specwright.agent.tools.ToolOutput;
import dev.specwright.agent.tools.Toolbox;
import dev.specwright.agent.tools.Workspace;
import dev.specwright.llm.ChatModel;
import dev.specwright.llm.ChatRequest;
import dev.specwright.llm.ChatTurn;
import dev.specwright.llm.Cost;
import dev.specwright.llm.Message;
import dev.specwright.llm.ModelException;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.ToolCall;
import dev.specwright.llm.Usage;
import dev.specwright.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent loop: system prompt and task to the model; its tool calls run, their results go back;
 * again, until the agent calls {@code finish}, a budget runs out, a stuck rule fires, the model
 * fails for good, or the attempt is cancelled. One instance serves any number of attempts, on any
 * number of threads; each {@link #run} is one attempt with a fresh context.
 */
public final class AgentLoop {

  private static final Logger log = LoggerFactory.getLogger(AgentLoop.class);

  static final String NUDGE =
      "You did not call a tool. Continue with a tool call, or call finish with a summary when the"
          + " task is done.";
  static final String NUDGE_AFTER_CUT =
      "Your reply was cut off at the output token limit before any tool call. Make smaller steps:"
          + " one tool call at a time, shorter file contents (use edit_file for changes).";
  private static final int SHORT = 160;

  private final Sandbox sandbox;
  private final TranscriptSink transcripts;
  private final Clock clock;
  private final SecretScrubber scrubber = new SecretScrubber();

  /**
   * @param sandbox where {@code run_command} runs
   * @param transcripts where each attempt's transcript goes when it ends
   * @param clock the wall clock of budgets and timestamps (settable in tests)
   */
  public AgentLoop(Sandbox sandbox, TranscriptSink transcripts, Clock clock) {
    this.sandbox = sandbox;
    this.transcripts = transcripts;
    this.clock = clock;
  }

  public AgentLoop(Sandbox sandbox, TranscriptSink transcripts) {
    this(sandbox, transcripts, Clock.systemUTC());
  }

  /**
   * Runs one attempt to its end on the calling thread. Never throws for anything the model or the
   * tools do; throws {@link UncheckedIOException} only when the workspace is not a directory.
   */
  public AttemptResult run(
      AttemptSpec spec, ChatModel model, AgentListener listener, Cancellation cancellation) {
    Workspace workspace;
    try {
      workspace = new Workspace(spec.workspace(), spec.policy());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use workspace " + spec.workspace(), e);
    }
    Attempt a = new Attempt(spec, workspace, model, listener, cancellation);
    return a.run();
  }

  /** The state of one attempt. */
  private final class Attempt {
    final AttemptSpec spec;
    final Workspace workspace;
    final ChatModel model;
    final AgentListener listener;
    final Cancellation cancellation;
    final String id = UUID.randomUUID().toString();
    final Instant started = clock.instant();
    final List<Message> messages = new ArrayList<>();
    final List<Transcript.Entry> entries = new ArrayList<>();
    final Set<ModelRef> models = new LinkedHashSet<>();
    final StuckDetector stuck;
    final Toolbox toolbox;
    final String systemPrompt;
    Usage usage = Usage.ZERO;
    Cost cost = Cost.ZERO;
    int iterations;

    Attempt(
        AttemptSpec spec,
        Workspace workspace,
        ChatModel model,
        AgentListener listener,
        Cancellation cancellation) {
      this.spec = spec;
      this.workspace = workspace;
      this.model = model;
      this.listener = listener;
      this.cancellation = cancellation;
      this.stuck = new StuckDetector(spec.stuckRules());
      this.toolbox =
          RoleTools.toolbox(
              spec.role(),
              spec.tools(),
              workspace,
              sandbox,
              spec.commandTimeout(),
              spec.commandOutputCapBytes(),
              this::remainingWallTime);
      this.systemPrompt =
          spec.prompt()
              .render(
                  Map.of(
                      "workspace",
                      workspace.root().getFileName() == null
                          ? "/"
                          : workspace.root().getFileName().toString(),
                      "tools",
                      String.join(", ", toolbox.names()),
                      "max_iterations",
                      Integer.toString(spec.budget().maxIterations()),
                      "workflow_note",
                      spec.policy().allowWorkflowWrites() ? "" : " or .github/workflows/"));
    }

    @SuppressWarnings("try") // the binding is held, not used: closing it unbinds the token
    AttemptResult run() {
      safely(
          () ->
              listener.onStart(
                  new AgentListener.Start(id, spec.role(), spec.attempt(), spec.label())));
      Outcome outcome;
      try (Cancellation.Binding ignored = cancellation.bind()) {
        outcome = loop();
      }
      // Clear an interrupt so that the transcript can still be saved; an interrupt that did not
      // come from our token is the caller's and is restored afterwards.
      boolean interrupted = Thread.interrupted();
      AttemptResult result = finish(outcome);
      if (interrupted && !cancellation.isCancelled()) {
        Thread.currentThread().interrupt();
      }
      return result;
    }

    private Outcome loop() {
      addUser(spec.task(), 0);
      while (true) {
        if (cancelled()) {
          return cancelledOutcome();
        }
        Optional<Budget.Kind> spent = exhaustedBudget();
        if (spent.isPresent()) {
          return new Outcome(EndReason.BUDGET_EXHAUSTED, spent.get().wireName(), "");
        }
        ChatTurn turn;
        try {
          turn =
              model.chat(
                  new ChatRequest(systemPrompt, messages, toolbox.specs(), spec.maxOutputTokens()));
        } catch (ModelException e) {
          if (e.model() != null) {
            models.add(e.model());
          }
          if (cancelled() || e.kind() == ModelException.Kind.CANCELLED) {
            return cancelledOutcome();
          }
          return new Outcome(
              EndReason.MODEL_ERROR,
              e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage(),
              "");
        } catch (RuntimeException e) {
          if (cancelled()) {
            return cancelledOutcome();
          }
          log.warn("model call failed unexpectedly", e);
          return new Outcome(
              EndReason.MODEL_ERROR,
              "unexpected: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
              "");
        }
        iterations++;
        Usage turnUsage = turn.usage() == null ? Usage.ZERO : turn.usage();
        Cost turnCost = turn.cost() == null ? Cost.UNKNOWN : turn.cost();
        usage = usage.plus(turnUsage);
        cost = cost.plus(turnCost);
        if (turn.model() != null) {
          models.add(turn.model());
        }
        Message.Assistant reply = turn.message();
        messages.add(reply);
        entries.add(
            new Transcript.Entry(
                entries.size(),
                iterations,
                Transcript.Kind.ASSISTANT,
                turn.model() == null ? null : turn.model().toString(),
                reply.text(),
                reply.toolCalls(),
                "",
                "",
                false,
                turnUsage,
                turnCost));

        if (!reply.hasToolCalls()) {
          report(turn, reply, List.of(), turnUsage, turnCost);
          Optional<StuckRules.Rule> rule = stuck.turnWithoutToolCall();
          if (rule.isPresent()) {
            return new Outcome(EndReason.STUCK, rule.get().wireName(), "");
          }
          addUser(
              turn.stopReason() == dev.specwright.llm.StopReason.MAX_TOKENS
                  ? NUDGE_AFTER_CUT
                  : NUDGE,
              iterations);
          continue;
        }

        List<AgentListener.ToolUse> uses = new ArrayList<>();
        Optional<String> finished = Optional.empty();
        Optional<StuckRules.Rule> rule = Optional.empty();
        boolean interrupted = false;
        for (ToolCall call : reply.toolCalls()) {
          if (cancelled()) {
            interrupted = true;
            break;
          }
          ToolOutput out;
          try {
            out = toolbox.call(call);
          } catch (InterruptedException e) {
            // Recorded so the transcript shows which call the cancellation cut short.
            entries.add(
                new Transcript.Entry(
                    entries.size(),
                    iterations,
                    Transcript.Kind.TOOL_RESULT,
                    null,
                    "interrupted: the attempt was cancelled while this call ran",
                    List.of(),
                    call.id(),
                    call.name(),
                    true,
                    null,
                    null));
            uses.add(
                new AgentListener.ToolUse(
                    call.name(),
                    shorten(scrubber.scrub(call.argumentsJson())),
                    "interrupted",
                    true));
            interrupted = true;
            break;
          }
          String content = OutputCap.cap(scrubber.scrub(out.content()), spec.toolResultCap());
          messages.add(new Message.ToolResult(call.id(), call.name(), content, out.isError()));
          entries.add(
              new Transcript.Entry(
                  entries.size(),
                  iterations,
                  Transcript.Kind.TOOL_RESULT,
                  null,
                  content,
                  List.of(),
                  call.id(),
                  call.name(),
                  out.isError(),
                  null,
                  null));
          uses.add(
              new AgentListener.ToolUse(
                  call.name(),
                  shorten(scrubber.scrub(call.argumentsJson())),
                  shorten(content),
                  out.isError()));
          if (out.finishSummary().isPresent() && call.name().equals(FinishTool.NAME)) {
            finished = out.finishSummary();
            break;
          }
          rule =
              stuck.toolStep(
                  call.name() + " " + Toolbox.canonicalArguments(call.argumentsJson()),
                  content,
                  out.isError());
          if (rule.isPresent()) {
            break;
          }
        }
        report(turn, reply, uses, turnUsage, turnCost);
        if (finished.isPresent()) {
          return new Outcome(EndReason.FINISHED, "", finished.get());
        }
        if (interrupted || cancelled()) {
          return cancelledOutcome();
        }
        if (rule.isPresent()) {
          return new Outcome(EndReason.STUCK, rule.get().wireName(), "");
        }
      }
    }

    private boolean cancelled() {
      return cancellation.isCancelled() || Thread.currentThread().isInterrupted();
    }

    private Outcome cancelledOutcome() {
      return new Outcome(
          EndReason.CANCELLED,
          cancellation.isCancelled() ? cancellation.reason() : "thread interrupted",
          "");
    }

    private Optional<Budget.Kind> exhaustedBudget() {
      Budget b = spec.budget();
      if (iterations >= b.maxIterations()) {
        return Optional.of(Budget.Kind.ITERATIONS);
      }
      if (b.maxTokens() > 0 && usage.total() >= b.maxTokens()) {
        return Optional.of(Budget.Kind.TOKENS);
      }
      if (b.maxCostUsd().isPresent() && cost.usd().compareTo(b.maxCostUsd().get()) >= 0) {
        return Optional.of(Budget.Kind.COST);
      }
      if (!remainingWallTime().isPositive()) {
        return Optional.of(Budget.Kind.WALL_TIME);
      }
      return Optional.empty();
    }

    private Duration elapsed() {
      return Duration.between(started, clock.instant());
    }

    private Duration remainingWallTime() {
      return spec.budget().maxWallTime().minus(elapsed());
    }

    private void addUser(String text, int iteration) {
      messages.add(new Message.User(text));
      entries.add(
          new Transcript.Entry(
              entries.size(),
              iteration,
              Transcript.Kind.USER,
              null,
              text,
              List.of(),
              "",
              "",
              false,
              null,
              null));
    }

    private void report(
        ChatTurn turn,
        Message.Assistant reply,
        List<AgentListener.ToolUse> uses,
        Usage turnUsage,
        Cost turnCost) {
      AgentListener.Turn t =
          new AgentListener.Turn(
              iterations,
              turn.model(),
              shorten(scrubber.scrub(reply.text())),
              uses,
              turnUsage,
              turnCost,
              usage,
              cost,
              elapsed());
      safely(() -> listener.onTurn(t));
    }

    private AttemptResult finish(Outcome o) {
      Instant ended = clock.instant();
      Duration wall = Duration.between(started, ended);
      List<ModelRef> used = List.copyOf(models);
      AttemptResult result =
          new AttemptResult(
              id,
              spec.role(),
              spec.attempt(),
              o.reason(),
              o.detail(),
              o.summary(),
              iterations,
              usage,
              cost,
              wall,
              used);
      Transcript transcript =
          new Transcript(
              id,
              spec.label(),
              spec.attempt(),
              spec.role(),
              spec.task(),
              systemPrompt,
              workspace.root().toString(),
              started,
              ended,
              o.reason(),
              o.detail(),
              o.summary(),
              iterations,
              used.stream().map(ModelRef::toString).collect(Collectors.toList()),
              usage,
              cost,
              wall.toMillis(),
              entries);
      try {
        transcripts.save(transcript.scrubbed(scrubber));
      } catch (Exception e) {
        log.error("could not save transcript {} ({})", id, e.toString());
      }
      safely(() -> listener.onEnd(result));
      return result;
    }
  }

  private record Outcome(EndReason reason, String detail, String summary) {}

  private static String shorten(String s) {
    String one = s.strip().replaceAll("\\s+", " ");
    return one.length() <= SHORT ? one : one.substring(0, SHORT - 1) + "…";
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("agent listener failed", e);
    }
  }
}
