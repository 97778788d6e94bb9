package dev.specwright.run.agents;

import static dev.specwright.agent.ScriptedChatModel.call;
import static dev.specwright.agent.ScriptedChatModel.calls;
import static dev.specwright.agent.ScriptedChatModel.fails;
import static dev.specwright.agent.ScriptedChatModel.finish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.agent.ProcessSandbox;
import dev.specwright.agent.ScriptedChatModel;
import dev.specwright.agent.Transcript;
import dev.specwright.llm.ChatModel;
import dev.specwright.llm.ModelException;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.ToolSpec;
import dev.specwright.run.Agents;
import dev.specwright.run.Agents.AgentResult;
import dev.specwright.run.Agents.AgentTask;
import dev.specwright.run.Agents.EndReason;
import dev.specwright.run.Budget;
import dev.specwright.run.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's agents port on the real agent loop, with scripted models. */
class LoopAgentsTest {

  static final ModelRef CHEAP = ModelRef.parse("scripted:cheap");
  static final ModelRef STRONG = ModelRef.parse("scripted:strong");
  static final Budget BUDGET = Budget.of(10, 100_000, Duration.ofMinutes(1), "1.00");

  @TempDir Path workspace;
  final List<Transcript> transcripts = new CopyOnWriteArrayList<>();

  LoopAgents agents(Map<ModelRef, ChatModel> models) {
    return new LoopAgents(
        ref -> {
          ChatModel m = models.get(ref);
          if (m == null) {
            throw new IllegalArgumentException("unknown model " + ref);
          }
          return m;
        },
        new ProcessSandbox(),
        transcripts::add);
  }

  static AgentTask task(Role role, List<ModelRef> models, Path ws) {
    return new AgentTask(role, models, "Run instructions.", "Do the task.", ws, BUDGET);
  }

  static Agents.Cancellation never() {
    return new Agents.Cancellation() {
      @Override
      public boolean isCancelled() {
        return false;
      }

      @Override
      public void onCancel(Runnable action) {}
    };
  }

  @Test
  void developerWritesThroughTheRealLoopAndReportsSummaryModelAndFigures() throws Exception {
    ScriptedChatModel cheap =
        ScriptedChatModel.of(
                calls(call("write_file", "path", "src/hello.txt", "content", "hello\n")),
                finish("Added hello.txt"))
            .named(CHEAP);
    List<String> progress = new CopyOnWriteArrayList<>();

    AgentResult r =
        agents(Map.of(CHEAP, cheap))
            .run(
                task(Role.DEVELOPER, List.of(CHEAP), workspace),
                (i, usage, cost) -> progress.add(i + ":" + usage.total()),
                never());

    assertThat(r.end()).isEqualTo(EndReason.FINISHED);
    assertThat(r.text()).isEqualTo("Added hello.txt");
    assertThat(r.modelUsed()).isEqualTo(CHEAP);
    assertThat(r.iterations()).isEqualTo(2);
    assertThat(r.usage().total()).isEqualTo(240);
    assertThat(Files.readString(workspace.resolve("src/hello.txt"))).isEqualTo("hello\n");
    assertThat(progress).containsExactly("1:120", "2:240");
    assertThat(transcripts).hasSize(1);
    // The run's instructions follow the role's system prompt.
    assertThat(cheap.requests().get(0).systemPrompt()).contains("Run instructions.");
  }

  @Test
  void plannerWithoutWorkspaceGetsReadOnlyToolsAndAnswersThroughFinish() {
    String plan = "{\"subtasks\":[]}";
    ScriptedChatModel strong = ScriptedChatModel.of(finish(plan)).named(STRONG);

    AgentResult r =
        agents(Map.of(STRONG, strong))
            .run(task(Role.PLANNER, List.of(STRONG), null), Agents.Listener.NONE, never());

    assertThat(r.end()).isEqualTo(EndReason.FINISHED);
    assertThat(r.text()).isEqualTo(plan);
    List<String> tools = strong.requests().get(0).tools().stream().map(ToolSpec::name).toList();
    assertThat(tools).contains("read_file", "finish").doesNotContain("write_file", "edit_file");
    // The scratch directory the planner worked in is gone.
    assertThat(transcripts.get(0).workspace())
        .satisfies(p -> assertThat(Path.of(p)).doesNotExist());
  }

  @Test
  void reviewerCannotWriteFiles() {
    ScriptedChatModel m = ScriptedChatModel.of(finish("{}")).named(STRONG);
    agents(Map.of(STRONG, m))
        .run(task(Role.REVIEWER, List.of(STRONG), workspace), Agents.Listener.NONE, never());
    assertThat(m.requests().get(0).tools().stream().map(ToolSpec::name))
        .doesNotContain("write_file", "edit_file");
  }

  @Test
  void providerDownMovesToTheNextModelOfTheChain() {
    ScriptedChatModel down =
        ScriptedChatModel.of(fails(ModelException.Kind.SERVER_ERROR, "503 from provider"))
            .named(CHEAP);
    ScriptedChatModel up = ScriptedChatModel.of(finish("done on the fallback")).named(STRONG);

    AgentResult r =
        agents(Map.of(CHEAP, down, STRONG, up))
            .run(task(Role.DEVELOPER, List.of(CHEAP, STRONG), workspace), (i, u, c) -> {}, never());

    assertThat(r.end()).isEqualTo(EndReason.FINISHED);
    assertThat(r.text()).isEqualTo("done on the fallback");
    assertThat(r.modelUsed()).isEqualTo(STRONG);
  }

  @Test
  void everyModelDownEndsAsModelErrorWithTheReason() {
    ScriptedChatModel down =
        ScriptedChatModel.of(fails(ModelException.Kind.SERVER_ERROR, "503 from provider"))
            .named(CHEAP);
    AgentResult r =
        agents(Map.of(CHEAP, down))
            .run(task(Role.DEVELOPER, List.of(CHEAP), workspace), Agents.Listener.NONE, never());
    assertThat(r.end()).isEqualTo(EndReason.MODEL_ERROR);
    assertThat(r.detail()).contains("503 from provider");
  }

  @Test
  void unknownProviderIsAModelErrorNotAnException() {
    AgentResult r =
        agents(Map.of())
            .run(
                task(Role.DEVELOPER, List.of(ModelRef.parse("nope:model")), workspace),
                Agents.Listener.NONE,
                never());
    assertThat(r.end()).isEqualTo(EndReason.MODEL_ERROR);
    assertThat(r.detail()).contains("unknown model nope:model");
  }

  @Test
  void theRunsCancellationStopsAModelCallInProgress() throws Exception {
    CountDownLatch calling = new CountDownLatch(1);
    ScriptedChatModel blocking =
        ScriptedChatModel.of(
                req -> {
                  calling.countDown();
                  try {
                    Thread.sleep(30_000);
                  } catch (InterruptedException e) {
                    throw new ModelException(ModelException.Kind.CANCELLED, CHEAP, "interrupted");
                  }
                  throw new AssertionError("not interrupted");
                })
            .named(CHEAP);
    AtomicBoolean cancelled = new AtomicBoolean();
    // A polled cancellation (like the run's, which reads the database) with no callback.
    Agents.Cancellation polled =
        new Agents.Cancellation() {
          @Override
          public boolean isCancelled() {
            return cancelled.get();
          }

          @Override
          public void onCancel(Runnable action) {}
        };
    var result = new java.util.concurrent.CompletableFuture<AgentResult>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () ->
                    result.complete(
                        agents(Map.of(CHEAP, blocking))
                            .run(
                                task(Role.DEVELOPER, List.of(CHEAP), workspace),
                                Agents.Listener.NONE,
                                polled)));
    assertThat(calling.await(5, TimeUnit.SECONDS)).isTrue();
    cancelled.set(true);
    AgentResult r = result.get(5, TimeUnit.SECONDS);
    t.join();
    assertThat(r.end()).isEqualTo(EndReason.CANCELLED);
  }

  @Test
  void budgetsCarryOver() {
    var b = LoopAgents.budget(Budget.of(7, 1234, Duration.ofSeconds(90), "0.50"));
    assertThat(b.maxIterations()).isEqualTo(7);
    assertThat(b.maxTokens()).isEqualTo(1234);
    assertThat(b.maxWallTime()).isEqualTo(Duration.ofSeconds(90));
    assertThat(b.maxCostUsd()).hasValue(new java.math.BigDecimal("0.50"));
  }

  @Test
  void iterationBudgetEndsTheAttempt() {
    ScriptedChatModel looping =
        ScriptedChatModel.looping(n -> calls(call("list_files", "path", "dir" + n))).named(CHEAP);
    AgentResult r =
        agents(Map.of(CHEAP, looping))
            .run(
                new AgentTask(
                    Role.DEVELOPER,
                    List.of(CHEAP),
                    "i",
                    "t",
                    workspace,
                    Budget.of(2, 100_000, Duration.ofMinutes(1), "1.00")),
                Agents.Listener.NONE,
                never());
    assertThat(r.end()).isEqualTo(EndReason.BUDGET_EXHAUSTED);
    assertThat(r.iterations()).isEqualTo(2);
  }

  @Test
  void theRunsTemplateTaskToolsAndProtectedPathsReachTheModelRequestAndTheTools() throws Exception {
    Files.createDirectories(workspace.resolve("migrations"));
    ScriptedChatModel cheap =
        ScriptedChatModel.of(
                calls(call("write_file", "path", "migrations/V2__drop.sql", "content", "DROP;")),
                calls(call("run_tests")),
                finish("Tried."))
            .named(CHEAP);
    AgentTask task =
        new AgentTask(
            Role.DEVELOPER,
            List.of(CHEAP),
            "Run instructions.",
            "TEAM BRIEF: fix the login bug in acme/shop.",
            workspace,
            BUDGET,
            new Agents.Equipment(
                java.util.Set.of("read_file", "write_file", "run_tests"),
                "echo 3 tests passed",
                List.of("migrations/"),
                false));

    AgentResult r = agents(Map.of(CHEAP, cheap)).run(task, Agents.Listener.NONE, never());

    assertThat(r.end()).isEqualTo(EndReason.FINISHED);
    var first = cheap.requests().get(0);
    assertThat(first.messages().get(0))
        .isEqualTo(
            new dev.specwright.llm.Message.User("TEAM BRIEF: fix the login bug in acme/shop."));
    assertThat(first.tools().stream().map(ToolSpec::name))
        .containsExactly("read_file", "write_file", "run_tests", "finish");
    var results = ScriptedChatModel.toolResults(cheap.requests().get(2));
    assertThat(results.get(0).isError()).isTrue();
    assertThat(results.get(0).content()).contains("protected");
    assertThat(workspace.resolve("migrations/V2__drop.sql")).doesNotExist();
    assertThat(results.get(1).isError()).isFalse();
    assertThat(results.get(1).content()).contains("exit code: 0", "3 tests passed");
  }

  @Test
  void aRepositoryCommandRunsInTheSandboxAndReportsItsTail() throws Exception {
    Agents.CommandOutcome ok =
        agents(Map.of()).runCommand(workspace, "touch made && echo fine", Duration.ofSeconds(20));
    assertThat(ok.passed()).isTrue();
    assertThat(ok.tail()).isEqualTo("fine");
    assertThat(workspace.resolve("made")).exists();
    Agents.CommandOutcome bad =
        agents(Map.of()).runCommand(workspace, "echo broken >&2; exit 4", Duration.ofSeconds(20));
    assertThat(bad.passed()).isFalse();
    assertThat(bad.exitCode()).isEqualTo(4);
    assertThat(bad.tail()).isEqualTo("broken");
  }
}
