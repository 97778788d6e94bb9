package dev.specwright.agent;

import static dev.specwright.agent.ScriptedChatModel.call;
import static dev.specwright.agent.ScriptedChatModel.calls;
import static dev.specwright.agent.ScriptedChatModel.finish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.Cost;
import dev.specwright.llm.ToolCall;
import dev.specwright.llm.Usage;
import dev.specwright.queue.RetentionJob;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TranscriptStoreTest {

  @TempDir Path temp;

  private static final String TOKEN = "ghs_" + "16C7e42F292c6912E7710c838347Ae178B4a";

  private static Transcript sample(String id, String label, Instant started) {
    return new Transcript(
        id,
        label,
        2,
        Role.DEVELOPER,
        "Fix the greeting",
        "You are a developer agent.",
        "/work/ws",
        started,
        started.plusSeconds(42),
        EndReason.STUCK,
        "same_action_failing",
        "",
        3,
        List.of("anthropic:claude-sonnet-4-5", "openai:gpt-5-mini"),
        new Usage(1200, 300, 1000, 5000),
        Cost.usd("0.012345678"),
        42_000,
        List.of(
            new Transcript.Entry(
                0,
                0,
                Transcript.Kind.USER,
                null,
                "Fix the greeting",
                List.of(),
                "",
                "",
                false,
                null,
                null),
            new Transcript.Entry(
                1,
                1,
                Transcript.Kind.ASSISTANT,
                "anthropic:claude-sonnet-4-5",
                "Reading it. Ünïcødé ✓",
                List.of(new ToolCall("toolu_01", "read_file", "{\"path\":\"a.txt\"}")),
                "",
                "",
                false,
                new Usage(400, 100, 1000, 0),
                Cost.UNKNOWN),
            new Transcript.Entry(
                2,
                1,
                Transcript.Kind.TOOL_RESULT,
                null,
                "     1\thello",
                List.of(),
                "toolu_01",
                "read_file",
                true,
                null,
                null)));
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void transcriptRoundTrips(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      TranscriptStore store = new TranscriptStore(db);
      Instant started = Instant.parse("2026-11-29T04:00:00.123Z");
      Transcript t = sample("t-1", "octo/app#12 task-a", started);
      store.save(t);

      Transcript back = store.load("t-1").orElseThrow();
      assertThat(back)
          .usingRecursiveComparison()
          .withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class)
          .isEqualTo(t);
      assertThat(store.load("missing")).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void listsNewestFirstAndByLabel(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      TranscriptStore store = new TranscriptStore(db);
      Instant t0 = Instant.parse("2026-11-29T04:00:00Z");
      store.save(sample("a", "run-1", t0));
      store.save(sample("b", "run-2", t0.plus(1, ChronoUnit.MINUTES)));
      store.save(sample("c", "run-1", t0.plus(2, ChronoUnit.MINUTES)));

      assertThat(store.list(Optional.empty(), 10))
          .extracting(TranscriptStore.Summary::id)
          .containsExactly("c", "b", "a");
      assertThat(store.list(Optional.of("run-1"), 10))
          .extracting(TranscriptStore.Summary::id)
          .containsExactly("c", "a");
      assertThat(store.list(Optional.empty(), 1)).hasSize(1);
      TranscriptStore.Summary s = store.list(Optional.of("run-2"), 10).get(0);
      assertThat(s.endReason()).isEqualTo(EndReason.STUCK);
      assertThat(s.detail()).isEqualTo("same_action_failing");
      assertThat(s.usage()).isEqualTo(new Usage(1200, 300, 1000, 5000));
      assertThat(s.cost().usd()).isEqualByComparingTo("0.012345678");
      assertThat(s.models()).containsExactly("anthropic:claude-sonnet-4-5", "openai:gpt-5-mini");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void messagesOlderThanTheRetentionGoAndTheirFiguresStay(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      Instant now = Instant.parse("2026-11-29T12:00:00Z");
      TranscriptStore store = new TranscriptStore(db, () -> now);
      Instant old = now.minus(Duration.ofDays(91));
      // More than two of the job's transactions' worth, so that chunking is crossed.
      int oldOnes = TranscriptStore.PRUNE_PER_TRANSACTION * 2 + 5;
      for (int i = 0; i < oldOnes; i++) {
        store.save(sample("old-" + i, "run-1", old.plusSeconds(i)));
      }
      store.save(sample("recent", "run-2", now.minus(Duration.ofDays(89))));

      assertThat(
              RetentionJob.pruneAll(
                  "prune-transcript-messages",
                  Duration.ofDays(90),
                  store::pruneMessagesBefore,
                  () -> now))
          .isEqualTo(oldOnes);

      Transcript pruned = store.load("old-7").orElseThrow();
      assertThat(pruned.entries()).isEmpty();
      assertThat(pruned.usage()).isEqualTo(new Usage(1200, 300, 1000, 5000));
      assertThat(pruned.cost().usd()).isEqualByComparingTo("0.012345678");
      assertThat(pruned.iterations()).isEqualTo(3);
      assertThat(store.load("recent").orElseThrow().entries()).hasSize(3);
      assertThat(store.list(Optional.of("run-1"), 100))
          .extracting(TranscriptStore.Summary::messagesPrunedAt)
          .containsOnly(Optional.of(now));
      assertThat(store.list(Optional.of("run-2"), 1).get(0).messagesPrunedAt()).isEmpty();
      // Pruned transcripts are not counted again, so the job's next hour finds nothing.
      assertThat(store.pruneMessagesBefore(now.minus(Duration.ofDays(90)), 1000)).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void pruningTakesTheOldestFirstAndNoMoreThanTheLimit(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      Instant now = Instant.parse("2026-11-29T12:00:00Z");
      TranscriptStore store = new TranscriptStore(db, () -> now);
      Instant old = now.minus(Duration.ofDays(200));
      for (int i = 0; i < 30; i++) {
        store.save(sample("t-" + (100 + i), "run", old.plus(Duration.ofDays(i))));
      }

      assertThat(store.pruneMessagesBefore(now, 23)).isEqualTo(23);
      assertThat(store.load("t-122").orElseThrow().entries()).isEmpty();
      assertThat(store.load("t-123").orElseThrow().entries()).hasSize(3);
      assertThat(store.pruneMessagesBefore(now, 23)).isEqualTo(7);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void secretsAreScrubbedOnTheWayInWhoeverBuiltTheTranscript(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      TranscriptStore store = new TranscriptStore(db);
      Transcript t = sample("s", "x", Instant.parse("2026-11-29T04:00:00Z"));
      Transcript leaky =
          new Transcript(
              t.id(),
              t.label(),
              t.attempt(),
              t.role(),
              "use " + TOKEN,
              t.systemPrompt(),
              t.workspace(),
              t.startedAt(),
              t.endedAt(),
              t.endReason(),
              t.detail(),
              t.summary(),
              t.iterations(),
              t.models(),
              t.usage(),
              t.cost(),
              t.wallMillis(),
              List.of(
                  new Transcript.Entry(
                      0,
                      1,
                      Transcript.Kind.ASSISTANT,
                      "m",
                      "",
                      List.of(
                          new ToolCall(
                              "1",
                              "run_command",
                              "{\"command\":\"curl -H 'Authorization: Bearer " + TOKEN + "'\"}")),
                      "",
                      "",
                      false,
                      Usage.ZERO,
                      Cost.ZERO)));
      store.save(leaky);
      String all = TranscriptJson.toJson(store.load("s").orElseThrow());
      assertThat(all).doesNotContain(TOKEN).contains("[REDACTED:");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void aRealAttemptIsStoredByTheLoopAndLoadsBack(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      TranscriptStore store = new TranscriptStore(db);
      Path repo = TestRepos.sample(temp.resolve("repo-" + dialect));
      AttemptResult r =
          new AgentLoop(new ProcessSandbox(), store)
              .run(
                  AttemptSpec.of(Role.RESEARCHER, "Where is the greeting?", repo)
                      .withLabel("octo/app#7 research"),
                  ScriptedChatModel.of(
                      calls(call("search", "pattern", "Hello")),
                      finish("In src/main/Greeter.java line 5.")),
                  AgentListener.NONE,
                  Cancellation.none());

      Transcript t = store.load(r.transcriptId()).orElseThrow();
      assertThat(t.role()).isEqualTo(Role.RESEARCHER);
      assertThat(t.endReason()).isEqualTo(EndReason.FINISHED);
      assertThat(t.summary()).isEqualTo("In src/main/Greeter.java line 5.");
      assertThat(t.entries())
          .extracting(Transcript.Entry::kind)
          .containsExactly(
              Transcript.Kind.USER,
              Transcript.Kind.ASSISTANT,
              Transcript.Kind.TOOL_RESULT,
              Transcript.Kind.ASSISTANT,
              Transcript.Kind.TOOL_RESULT);
      assertThat(t.entries().get(2).text()).contains("src/main/Greeter.java:5:");
      assertThat(t.entries().get(1).usage()).isEqualTo(new Usage(100, 20, 0, 0));
      assertThat(t.usage()).isEqualTo(r.usage());
    }
  }

  @Test
  void jsonExportRoundTrips() throws Exception {
    Transcript t = sample("j", "label", Instant.parse("2026-11-29T04:00:00Z"));
    Path file = temp.resolve("out/transcript.json");
    TranscriptJson.write(t, file);
    assertThat(TranscriptJson.read(file)).isEqualTo(t);
    assertThat(java.nio.file.Files.readString(file))
        .contains("\"endReason\" : \"STUCK\"", "\"startedAt\" : \"2026-11-29T04:00:00Z\"");
  }
}
