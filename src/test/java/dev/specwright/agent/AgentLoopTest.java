package dev.specwright.agent;

import static dev.specwright.agent.ScriptedChatModel.call;
import static dev.specwright.agent.ScriptedChatModel.calls;
import static dev.specwright.agent.ScriptedChatModel.fails;
import static dev.specwright.agent.ScriptedChatModel.finish;
import static dev.specwright.agent.ScriptedChatModel.lastToolResult;
import static dev.specwright.agent.ScriptedChatModel.rawCall;
import static dev.specwright.agent.ScriptedChatModel.says;
import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.ChatRequest;
import dev.specwright.llm.Cost;
import dev.specwright.llm.Message;
import dev.specwright.llm.ModelException;
import dev.specwright.llm.ToolSpec;
import dev.specwright.llm.Usage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLoopTest {

  @TempDir Path temp;

  private final List<Transcript> saved = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T04:00:00Z"));

  private AgentLoop loop() {
    return new AgentLoop(new ProcessSandbox(), saved::add, clock);
  }

  private AttemptResult run(AttemptSpec spec, ScriptedChatModel model) {
    return loop().run(spec, model, AgentListener.NONE, Cancellation.none());
  }

  private Path repo() throws Exception {
    return TestRepos.sample(temp.resolve("repo"));
  }

  @Test
  void developerChangeMadeThroughToolsLandsInTheGitWorkspace() throws Exception {
    Path repo = repo();
    var model =
        ScriptedChatModel.of(
            calls(call("list_files", "path", ".", "depth", 3)),
            calls(call("read_file", "path", "src/main/Greeter.java")),
            calls(
                call(
                    "edit_file",
                    "path",
                    "src/main/Greeter.java",
                    "old_text",
                    "\"Hello, \"",
                    "new_text",
                    "\"Hello there, \"")),
            calls(call("run_command", "command", "grep -c 'Hello there' src/main/Greeter.java")),
            finish("Changed the greeting and checked it with grep."));
    List<AgentListener.Turn> turns = new CopyOnWriteArrayList<>();
    AttemptResult result =
        loop()
            .run(
                AttemptSpec.of(Role.DEVELOPER, "Greet with 'Hello there'.", repo),
                model,
                new AgentListener() {
                  @Override
                  public void onTurn(Turn turn) {
                    turns.add(turn);
                  }
                },
                Cancellation.none());

    assertThat(result.endReason()).isEqualTo(EndReason.FINISHED);
    assertThat(result.summary()).isEqualTo("Changed the greeting and checked it with grep.");
    assertThat(result.iterations()).isEqualTo(5);
    assertThat(result.usage()).isEqualTo(new Usage(500, 100, 0, 0));
    assertThat(result.cost()).isEqualTo(Cost.usd("0.005"));
    assertThat(result.models()).containsExactly(ScriptedChatModel.REF);
    assertThat(Files.readString(repo.resolve("src/main/Greeter.java")))
        .contains("return \"Hello there, \" + name;");
    try (Git git = Git.open(repo.toFile())) {
      Status status = git.status().call();
      assertThat(status.getModified()).containsExactly("src/main/Greeter.java");
      assertThat(status.getUntracked()).isEmpty();
    }
    // The model saw the listing (without ignored files) and the command's output.
    ChatRequest second = model.requests().get(1);
    assertThat(lastToolResult(second).content())
        .contains("README.md", "src/main/Greeter.java")
        .doesNotContain("build/", "debug.log", ".git/");
    assertThat(lastToolResult(model.requests().get(4)).content()).startsWith("exit code: 0");
    assertThat(turns).hasSize(5);
    assertThat(turns.get(2).tools().get(0).name()).isEqualTo("edit_file");
    assertThat(turns.get(4).totalCost()).isEqualTo(Cost.usd("0.005"));
    assertThat(saved)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo(result.transcriptId());
              assertThat(t.endReason()).isEqualTo(EndReason.FINISHED);
              // task + 5 assistant turns + 4 tool results + the finish result
              assertThat(t.entries()).hasSize(11);
            });
  }

  @Test
  void everyRequestCarriesTheRolePromptAndTheRoleTools() throws Exception {
    Path repo = repo();
    var dev = ScriptedChatModel.of(finish("done"));
    run(AttemptSpec.of(Role.DEVELOPER, "t", repo), dev);
    var reviewer = ScriptedChatModel.of(finish("done"));
    run(AttemptSpec.of(Role.REVIEWER, "t", repo), reviewer);

    ChatRequest d = dev.requests().get(0);
    assertThat(d.tools().stream().map(ToolSpec::name))
        .containsExactly(
            "list_files",
            "read_file",
            "search",
            "write_file",
            "edit_file",
            "run_command",
            "finish");
    assertThat(d.systemPrompt()).contains("developer agent", "repo").doesNotContain("{{");
    assertThat(d.messages()).containsExactly(new Message.User("t"));
    assertThat(reviewer.requests().get(0).tools().stream().map(ToolSpec::name))
        .containsExactly("list_files", "read_file", "search", "run_command", "finish");
  }

  @Test
  void reviewerCannotWriteEvenByNamingTheWriteTool() throws Exception {
    Path repo = repo();
    var model =
        ScriptedChatModel.of(
            calls(call("write_file", "path", "README.md", "content", "defaced")), finish("ok"));
    AttemptResult r = run(AttemptSpec.of(Role.REVIEWER, "review", repo), model);

    assertThat(r.endReason()).isEqualTo(EndReason.FINISHED);
    Message.ToolResult refused = lastToolResult(model.requests().get(1));
    assertThat(refused.isError()).isTrue();
    assertThat(refused.content()).contains("no tool named 'write_file'");
    assertThat(Files.readString(repo.resolve("README.md"))).startsWith("# Sample");
  }

  @Test
  void malformedToolArgumentsComeBackAsToolErrorsAndTheLoopGoesOn() throws Exception {
    Path repo = repo();
    var model =
        ScriptedChatModel.of(
            calls(rawCall("read_file", "{\"path\": \"README.md\"")),
            calls(rawCall("read_file", "[\"README.md\"]")),
            calls(call("read_file", "file", "README.md")),
            calls(call("read_file", "path", 42)),
            calls(rawCall("read_file", "")),
            calls(call("teleport", "to", "mars")),
            finish("gave up politely"));
    AttemptResult r = run(AttemptSpec.of(Role.DEVELOPER, "t", repo), model);

    assertThat(r.endReason()).isEqualTo(EndReason.FINISHED);
    List<String> errors = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      Message.ToolResult tr = lastToolResult(model.requests().get(i));
      assertThat(tr.isError()).as("result %d", i).isTrue();
      errors.add(tr.content());
    }
    assertThat(errors.get(0)).contains("not valid JSON");
    assertThat(errors.get(1)).contains("must be a JSON object");
    assertThat(errors.get(2)).contains("invalid arguments for read_file", "path");
    assertThat(errors.get(3)).contains("invalid arguments for read_file", "string");
    assertThat(errors.get(4)).contains("required property 'path'");
    assertThat(errors.get(5)).contains("no tool named 'teleport'");
  }

  @Test
  void longToolResultsAreCutKeepingHeadAndTail() throws Exception {
    Path repo = repo();
    StringBuilder big = new StringBuilder("FIRST LINE\n");
    for (int i = 0; i < 5000; i++) {
      big.append("filler line ").append(i).append('\n');
    }
    big.append("LAST LINE\n");
    Files.writeString(repo.resolve("big.txt"), big);
    var model = ScriptedChatModel.of(calls(call("read_file", "path", "big.txt")), finish("read"));
    run(AttemptSpec.of(Role.DEVELOPER, "t", repo).withToolResultCap(2000), model);

    String seen = lastToolResult(model.requests().get(1)).content();
    assertThat(seen.length()).isLessThanOrEqualTo(2000);
    assertThat(seen).contains("FIRST LINE", "LAST LINE", "characters cut");
  }

  @Test
  void secretsInToolResultsNeverReachTheModelOrTheTranscript() throws Exception {
    Path repo = repo();
    String token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    Files.writeString(repo.resolve(".env"), "GITHUB_TOKEN=" + token + "\n");
    var model =
        ScriptedChatModel.of(
            calls(call("read_file", "path", ".env")),
            calls(call("run_command", "command", "cat .env")),
            finish("found " + token));
    AttemptResult r = run(AttemptSpec.of(Role.DEVELOPER, "t", repo), model);

    assertThat(lastToolResult(model.requests().get(1)).content())
        .contains("[REDACTED:github-token]")
        .doesNotContain(token);
    assertThat(lastToolResult(model.requests().get(2)).content()).doesNotContain(token);
    Transcript t = saved.get(0);
    assertThat(TranscriptJson.toJson(t)).doesNotContain(token);
    assertThat(t.summary()).doesNotContain(token);
    assertThat(r.summary()).isEqualTo("found " + token); // the caller's result is not altered
  }

  @Test
  void turnWithoutToolCallGetsANudgeAndTheLoopContinues() throws Exception {
    Path repo = repo();
    var model = ScriptedChatModel.of(says("Let me think."), finish("done"));
    AttemptResult r = run(AttemptSpec.of(Role.DEVELOPER, "t", repo), model);

    assertThat(r.endReason()).isEqualTo(EndReason.FINISHED);
    List<Message> second = model.requests().get(1).messages();
    assertThat(second.get(second.size() - 1)).isEqualTo(new Message.User(AgentLoop.NUDGE));
  }

  // ---- budgets ----

  /** A model that reads a different line each turn: healthy, never finishing. */
  private static ScriptedChatModel busy() {
    return ScriptedChatModel.looping(
        n -> calls(call("read_file", "path", "README.md", "start_line", 1 + n % 3, "end_line", 3)));
  }

  @Test
  void iterationBudgetEndsTheAttempt() throws Exception {
    var model = busy();
    AttemptResult r =
        run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo())
                .withBudget(Budget.DEFAULT.withMaxIterations(4))
                .withStuckRules(StuckRules.OFF),
            model);
    assertThat(r.endReason()).isEqualTo(EndReason.BUDGET_EXHAUSTED);
    assertThat(r.detail()).isEqualTo("iterations");
    assertThat(r.iterations()).isEqualTo(4);
    assertThat(model.calls()).isEqualTo(4);
  }

  @Test
  void tokenBudgetEndsTheAttempt() throws Exception {
    var model = busy().withUsage(new Usage(800, 100, 50, 50));
    AttemptResult r =
        run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo())
                .withBudget(Budget.DEFAULT.withMaxTokens(2500))
                .withStuckRules(StuckRules.OFF),
            model);
    assertThat(r.endReason()).isEqualTo(EndReason.BUDGET_EXHAUSTED);
    assertThat(r.detail()).isEqualTo("tokens");
    assertThat(r.iterations()).isEqualTo(3); // 1000, 2000, 3000 ≥ 2500
    assertThat(r.usage().total()).isEqualTo(3000);
  }

  @Test
  void costBudgetEndsTheAttempt() throws Exception {
    var model = busy().withCost(Cost.usd("0.40"));
    AttemptResult r =
        run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo())
                .withBudget(Budget.DEFAULT.withMaxCostUsd(new BigDecimal("1.00")))
                .withStuckRules(StuckRules.OFF),
            model);
    assertThat(r.endReason()).isEqualTo(EndReason.BUDGET_EXHAUSTED);
    assertThat(r.detail()).isEqualTo("cost");
    assertThat(r.iterations()).isEqualTo(3);
    assertThat(r.cost()).isEqualTo(Cost.usd("1.20"));
  }

  @Test
  void unknownCostStaysUnknownAndCountsOnlyItsKnownPartAgainstTheBudget() throws Exception {
    var model = busy().withCost(Cost.UNKNOWN);
    AttemptResult r =
        run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo())
                .withBudget(
                    Budget.DEFAULT.withMaxCostUsd(new BigDecimal("0.01")).withMaxIterations(3))
                .withStuckRules(StuckRules.OFF),
            model);
    assertThat(r.detail()).isEqualTo("iterations");
    assertThat(r.cost().known()).isFalse();
    assertThat(r.cost().toString()).isEqualTo("unknown");
  }

  @Test
  void wallTimeBudgetEndsTheAttempt() throws Exception {
    var model =
        ScriptedChatModel.looping(
            n ->
                req -> {
                  clock.advance(Duration.ofMinutes(4));
                  return busy().chat(req).message();
                });
    AttemptResult r =
        run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo())
                .withBudget(Budget.DEFAULT.withMaxWallTime(Duration.ofMinutes(10)))
                .withStuckRules(StuckRules.OFF),
            model);
    assertThat(r.endReason()).isEqualTo(EndReason.BUDGET_EXHAUSTED);
    assertThat(r.detail()).isEqualTo("wall_time");
    assertThat(r.iterations()).isEqualTo(3);
    assertThat(r.wallTime()).isEqualTo(Duration.ofMinutes(12));
  }

  @Test
  void commandTimeLimitNeverOutlivesTheWallTimeBudget() throws Exception {
    var model =
        ScriptedChatModel.of(
            calls(call("run_command", "command", "sleep 20", "timeout_seconds", 600)),
            finish("done"));
    long start = System.nanoTime();
    AttemptResult r =
        run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo())
                .withBudget(Budget.DEFAULT.withMaxWallTime(Duration.ofSeconds(1))),
            model);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(lastToolResult(model.requests().get(1)).content()).contains("timed out after 1 s");
    assertThat(r.endReason()).isEqualTo(EndReason.FINISHED);
  }

  // ---- model errors ----

  @Test
  void modelErrorEndsTheAttemptWithItsReason() throws Exception {
    var model =
        ScriptedChatModel.of(
            calls(call("list_files")),
            fails(ModelException.Kind.SPEND_LIMIT, "monthly spend limit reached"));
    AttemptResult r = run(AttemptSpec.of(Role.DEVELOPER, "t", repo()), model);
    assertThat(r.endReason()).isEqualTo(EndReason.MODEL_ERROR);
    assertThat(r.detail()).isEqualTo("spend_limit: monthly spend limit reached");
    assertThat(r.iterations()).isEqualTo(1);
    assertThat(r.models()).containsExactly(ScriptedChatModel.REF);
    assertThat(saved.get(0).endReason()).isEqualTo(EndReason.MODEL_ERROR);
  }

  @Test
  void aModelThatThrowsSomethingUnexpectedIsAModelErrorNotACrash() throws Exception {
    ScriptedChatModel model =
        ScriptedChatModel.of(
            req -> {
              throw new IllegalStateException("provider library bug");
            });
    AttemptResult r = run(AttemptSpec.of(Role.DEVELOPER, "t", repo()), model);
    assertThat(r.endReason()).isEqualTo(EndReason.MODEL_ERROR);
    assertThat(r.detail()).contains("provider library bug");
  }

  // ---- cancellation ----

  @Test
  void cancellationTokenStopsARunningSandboxCommandWithinSeconds() throws Exception {
    Path repo = repo();
    var model =
        ScriptedChatModel.of(calls(call("run_command", "command", "sleep 60")), finish("never"));
    Cancellation cancel = new Cancellation();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<AttemptResult> f =
          pool.submit(
              () ->
                  loop()
                      .run(
                          AttemptSpec.of(Role.DEVELOPER, "t", repo),
                          model,
                          AgentListener.NONE,
                          cancel));
      // Wait until the command is running (the model has been called once).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (model.calls() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(200);
      long start = System.nanoTime();
      cancel.cancel("stopped by test");
      AttemptResult r = f.get(10, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(r.endReason()).isEqualTo(EndReason.CANCELLED);
      assertThat(r.detail()).isEqualTo("stopped by test");
      assertThat(model.calls()).isEqualTo(1);
      assertThat(saved)
          .singleElement()
          .extracting(Transcript::endReason)
          .isEqualTo(EndReason.CANCELLED);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void interruptingTheThreadCancelsABlockedModelCall() throws Exception {
    Path repo = repo();
    CountDownLatch inCall = new CountDownLatch(1);
    ScriptedChatModel model =
        ScriptedChatModel.of(
            req -> {
              inCall.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                throw new ModelException(
                    ModelException.Kind.CANCELLED, ScriptedChatModel.REF, "interrupted", e);
              }
              throw new AssertionError("not interrupted");
            });
    CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    Thread t =
        Thread.ofPlatform()
            .start(
                () ->
                    result.complete(
                        loop()
                            .run(
                                AttemptSpec.of(Role.DEVELOPER, "t", repo),
                                model,
                                AgentListener.NONE,
                                Cancellation.none())));
    assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
    t.interrupt();
    AttemptResult r = result.get(5, TimeUnit.SECONDS);
    assertThat(r.endReason()).isEqualTo(EndReason.CANCELLED);
    assertThat(r.detail()).isEqualTo("thread interrupted");
  }

  @Test
  void cancellingFromTheListenerBetweenTurnsStopsBeforeTheNextModelCall() throws Exception {
    var model = busy();
    Cancellation cancel = new Cancellation();
    AttemptResult r =
        loop()
            .run(
                AttemptSpec.of(Role.DEVELOPER, "t", repo()).withStuckRules(StuckRules.OFF),
                model,
                new AgentListener() {
                  @Override
                  public void onTurn(Turn turn) {
                    if (turn.iteration() == 2) {
                      cancel.cancel("/cancel by @maintainer");
                    }
                  }
                },
                cancel);
    assertThat(r.endReason()).isEqualTo(EndReason.CANCELLED);
    assertThat(r.detail()).isEqualTo("/cancel by @maintainer");
    assertThat(model.calls()).isEqualTo(2);
    assertThat(Thread.interrupted()).as("no interrupt is left on the caller's thread").isFalse();
  }

  @Test
  void aFailingListenerDoesNotEndTheAttempt() throws Exception {
    var model = ScriptedChatModel.of(calls(call("list_files")), finish("done"));
    AttemptResult r =
        loop()
            .run(
                AttemptSpec.of(Role.DEVELOPER, "t", repo()),
                model,
                new AgentListener() {
                  @Override
                  public void onTurn(Turn turn) {
                    throw new IllegalStateException("status comment failed");
                  }
                },
                Cancellation.none());
    assertThat(r.endReason()).isEqualTo(EndReason.FINISHED);
  }

  @Test
  void aFailingTranscriptSinkDoesNotLoseTheResult() throws Exception {
    AgentLoop broken =
        new AgentLoop(
            new ProcessSandbox(),
            t -> {
              throw new java.sql.SQLException("disk full");
            },
            clock);
    AttemptResult r =
        broken.run(
            AttemptSpec.of(Role.DEVELOPER, "t", repo()),
            ScriptedChatModel.of(finish("done")),
            AgentListener.NONE,
            Cancellation.none());
    assertThat(r.endReason()).isEqualTo(EndReason.FINISHED);
  }

  @Test
  void oneLoopServesParallelAttemptsInSeparateWorkspaces() throws Exception {
    AgentLoop shared = loop();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<AttemptResult>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Path repo = TestRepos.sample(temp.resolve("parallel-" + i));
        String name = "Worker" + i;
        var model =
            ScriptedChatModel.of(
                calls(call("read_file", "path", "src/main/Greeter.java")),
                calls(
                    call(
                        "edit_file",
                        "path",
                        "src/main/Greeter.java",
                        "old_text",
                        "Hello, ",
                        "new_text",
                        "Hello from " + name + ", ")),
                finish(name));
        futures.add(
            pool.submit(
                () ->
                    shared.run(
                        AttemptSpec.of(Role.DEVELOPER, "t", repo),
                        model,
                        AgentListener.NONE,
                        Cancellation.none())));
      }
      for (int i = 0; i < 4; i++) {
        AttemptResult r = futures.get(i).get(30, TimeUnit.SECONDS);
        assertThat(r.summary()).isEqualTo("Worker" + i);
        assertThat(Files.readString(temp.resolve("parallel-" + i).resolve("src/main/Greeter.java")))
            .contains("Hello from Worker" + i + ", ");
      }
      assertThat(saved).extracting(Transcript::id).doesNotHaveDuplicates().hasSize(4);
    } finally {
      pool.shutdownNow();
    }
  }
}
