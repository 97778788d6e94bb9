package dev.specwright.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.llm.ModelRef;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A delivery the queue replays — the process died after the commands acted but before the delivery
 * was marked done — on the durable ledger of each database: what was done is not done again, what
 * was claimed and never finished is.
 */
class CommandReplayTest {

  static final SpecwrightIdentity IDENTITY =
      new SpecwrightIdentity(4242, "specwright[bot]", "Specwright");
  static final List<ModelRef> CATALOG = List.of(ModelRef.parse("openai:gpt-5-mini"));

  @TempDir Path tmp;
  Database db;
  FakeRun run =
      new FakeRun()
          .task(CommandDispatcherTest.HELLO, 1, "docs", 2)
          .task(CommandDispatcherTest.KNATIVE, 1, "api", 3);

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  CommandDispatcher dispatcher(Dialect dialect, FakeGitHub github, CommandLedger ledger) {
    return new CommandDispatcher(
        CommandRegistry.standard(run, () -> CATALOG),
        github,
        github,
        run,
        run,
        IDENTITY,
        InstantSource.system(),
        ledger);
  }

  CommandLedger ledger(Dialect dialect) throws Exception {
    if (db == null) {
      db = TestDatabases.open(dialect, tmp);
    }
    return new CommandExecutions(db.dataSource(), InstantSource.system());
  }

  static FakeGitHub github() {
    return new FakeGitHub()
        .grant("Codertocat", Permission.WRITE)
        .grant("chhsia0", Permission.ADMIN);
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void theSameCommentDeliveredTwiceActsOnceReactsOnceAndRepliesOnce(Dialect dialect)
      throws Exception {
    FakeGitHub github = github();
    String comment = CommandDispatcherTest.onIssue("/retry docs\n/cancel").json();

    assertThat(dispatcher(dialect, github, ledger(dialect)).dispatch("issue_comment", comment))
        .isTrue();
    // A new process: only the database remembers.
    assertThat(dispatcher(dialect, github, ledger(dialect)).dispatch("issue_comment", comment))
        .isTrue();

    assertThat(run.calls).containsExactly("retryTask #1 docs", "cancelRun #1");
    assertThat(github.effects).hasSize(2).first().isEqualTo(CommandDispatcherTest.ISSUE_EYES);
    assertThat(github.effects.get(1)).startsWith(CommandDispatcherTest.ISSUE_REPLY + "@Codertocat");
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void aProcessThatDiedBeforeReplyingRepliesOnReplayWithoutActingAgain(Dialect dialect)
      throws Exception {
    AtomicBoolean dies = new AtomicBoolean(true);
    FakeGitHub github =
        new FakeGitHub() {
          @Override
          public void commentOnIssue(RepoRef repo, int number, String body) {
            if (dies.getAndSet(false)) {
              throw new OutOfMemoryError("the process dies here");
            }
            super.commentOnIssue(repo, number, body);
          }
        }.grant("Codertocat", Permission.WRITE);
    String comment = CommandDispatcherTest.onIssue("/retry docs").json();
    CommandLedger ledger = ledger(dialect);

    assertThatThrownBy(() -> dispatcher(dialect, github, ledger).dispatch("issue_comment", comment))
        .isInstanceOf(OutOfMemoryError.class);
    dispatcher(dialect, github, ledger(dialect)).dispatch("issue_comment", comment);

    assertThat(run.calls).containsExactly("retryTask #1 docs");
    assertThat(github.effects)
        .containsExactly(
            CommandDispatcherTest.ISSUE_EYES,
            CommandDispatcherTest.ISSUE_REPLY
                + "@Codertocat\n\n**`/retry docs`** — Retrying subtask `docs`: a fresh attempt on"
                + " the same branch; its pull request stays.");
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void aCommandThatActedButWasNeverMarkedDoneRunsAgainOnReplay(Dialect dialect) throws Exception {
    CommandLedger durable = ledger(dialect);
    AtomicBoolean dies = new AtomicBoolean(true);
    CommandLedger dying =
        new CommandLedger() {
          @Override
          public Optional<String> claim(String source, int position) {
            return durable.claim(source, position);
          }

          @Override
          public void done(String source, int position, String outcome) {
            if (position == 1 && dies.getAndSet(false)) {
              throw new OutOfMemoryError("the process dies here");
            }
            durable.done(source, position, outcome);
          }
        };
    FakeGitHub github = github();
    String comment = CommandDispatcherTest.onIssue("/retry docs\n/cancel").json();

    assertThatThrownBy(() -> dispatcher(dialect, github, dying).dispatch("issue_comment", comment))
        .isInstanceOf(OutOfMemoryError.class);
    dispatcher(dialect, github, durable).dispatch("issue_comment", comment);

    // /retry was done and is not repeated; /cancel acted but was never recorded, so it runs again
    // (cancelling is idempotent on the run's side).
    assertThat(run.calls).containsExactly("retryTask #1 docs", "cancelRun #1", "cancelRun #1");
    assertThat(github.effects).containsOnlyOnce(CommandDispatcherTest.ISSUE_EYES).hasSize(2);
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void aReviewRequestingChangesDeliveredTwiceGoesToTheAgentOnce(Dialect dialect) throws Exception {
    FakeGitHub github = github();
    String review =
        CommandDispatcherTest.review("changes_requested", "Please handle the empty list.")
            .user("review.user", "Codertocat", "User")
            .user("sender", "Codertocat", "User")
            .json();

    dispatcher(dialect, github, ledger(dialect)).dispatch("pull_request_review", review);
    dispatcher(dialect, github, ledger(dialect)).dispatch("pull_request_review", review);

    assertThat(run.calls)
        .singleElement()
        .satisfies(c -> assertThat(c).startsWith("onChangesRequested docs review "));
  }
}
