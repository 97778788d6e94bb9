package dev.specwright.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.llm.ModelRef;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event the command layer acts on, built from GitHub's real webhook payloads, against a fake
 * GitHub and a fake run that record what happened.
 *
 * <p>The world: Codertocat/Hello-World has a run on issue #1 whose subtask {@code docs} is PR #2;
 * chhsia0/knative-route-demo has a run on issue #1 whose subtask {@code api} is PR #3 (the real
 * {@code /build} comment fixture is on that PR); in github/hello-world, branch {@code
 * specwright/5-tidy/lint} is subtask {@code lint}. Codertocat and octocat have write access,
 * chhsia0 is admin, keeper maintains, triager triages, mallory can only read.
 */
class CommandDispatcherTest {

  static final String HELLO = "Codertocat/Hello-World";
  static final String KNATIVE = "chhsia0/knative-route-demo";
  static final SpecwrightIdentity IDENTITY =
      new SpecwrightIdentity(4242, "specwright[bot]", "Specwright");
  static final List<ModelRef> CATALOG =
      List.of(ModelRef.parse("anthropic:claude-sonnet-4-5"), ModelRef.parse("openai:gpt-5-mini"));

  FakeGitHub github;
  FakeRun run;
  CommandDispatcher dispatcher;

  @BeforeEach
  void world() {
    github =
        new FakeGitHub()
            .grant("Codertocat", Permission.WRITE)
            .grant("octocat", Permission.WRITE)
            .grant("chhsia0", Permission.ADMIN)
            .grant("keeper", Permission.MAINTAIN)
            .grant("triager", Permission.TRIAGE)
            .grant("mallory", Permission.READ);
    run =
        new FakeRun()
            .task(HELLO, 1, "docs", 2)
            .task(KNATIVE, 1, "api", 3)
            .branch("github/hello-world", "specwright/5-tidy/lint", 5, "lint")
            .branch(HELLO, "specwright/1-readme/docs", 1, "docs");
    dispatcher =
        new CommandDispatcher(
            CommandRegistry.standard(run, () -> CATALOG), github, github, run, run, IDENTITY);
  }

  // --- payloads ----------------------------------------------------------------------------------

  /** A comment by Codertocat (write) on spec issue #1 of Codertocat/Hello-World. */
  static Payloads onIssue(String body) {
    return Payloads.fixture("issue_comment.created").set("comment.body", body);
  }

  /** A comment by chhsia0 (admin) on PR #3 of knative-route-demo, subtask {@code api}. */
  static Payloads onPr(String body) {
    return Payloads.fixture("issue_comment.created.on-pull-request").set("comment.body", body);
  }

  static Payloads byUser(Payloads comment, String login) {
    return comment.user("comment.user", login, "User").user("sender", login, "User");
  }

  static Payloads inThread(String body) {
    return Payloads.fixture("pull_request_review_comment.created").set("comment.body", body);
  }

  static Payloads review(String state, String body) {
    return Payloads.fixture("pull_request_review.submitted")
        .set("review.state", state)
        .set("review.body", body);
  }

  static Payloads specwrightCheckRerun() {
    return Payloads.fixture("check_run.rerequested")
        .set("check_run.name", "Specwright")
        .set("check_run.app.id", 4242)
        .set("check_run.check_suite.head_branch", "specwright/5-tidy/lint");
  }

  /** The real check_suite.requested payload, turned into a re-request of Specwright's suite. */
  static Payloads specwrightSuiteRerun() {
    return Payloads.fixture("check_suite.requested")
        .set("action", "rerequested")
        .set("check_suite.app.id", 4242)
        .set("check_suite.head_branch", "specwright/1-readme/docs");
  }

  static final String ISSUE_REPLY = "comment on " + HELLO + "#1: ";
  static final String PR_REPLY = "comment on " + KNATIVE + "#3: ";
  static final String ISSUE_EYES = "reaction eyes on issue comment 492700400";
  static final String PR_EYES = "reaction eyes on issue comment 546616131";

  // --- the table ---------------------------------------------------------------------------------

  /**
   * One scenario: the delivery, an optional change to the world, whether it was handled, the run
   * calls in order, and the GitHub effects in order ({@code *} matches any text).
   */
  record Scenario(
      String name,
      Payloads delivery,
      Consumer<CommandDispatcherTest> setup,
      boolean handled,
      List<String> runCalls,
      List<String> effects) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Scenario handled(
      String name, Payloads delivery, List<String> runCalls, String... effects) {
    return new Scenario(name, delivery, t -> {}, true, runCalls, List.of(effects));
  }

  static Scenario ignored(String name, Payloads delivery) {
    return new Scenario(name, delivery, t -> {}, false, List.of(), List.of());
  }

  static Scenario given(Consumer<CommandDispatcherTest> setup, Scenario s) {
    return new Scenario(s.name(), s.delivery(), setup, s.handled(), s.runCalls(), s.effects());
  }

  static Stream<Scenario> commands() {
    return Stream.of(
        // /retry
        handled(
            "retry on a PR retries its own subtask",
            onPr("/retry"),
            List.of("retryTask #1 api"),
            PR_EYES,
            PR_REPLY
                + "@chhsia0*`/retry`** — Retrying subtask `api`: a fresh attempt on the same"
                + " branch; its pull request stays."),
        given(
            t -> t.run.stalled = List.of("b", "c"),
            handled(
                "retry on the issue retries every stalled subtask",
                onIssue("/retry"),
                List.of("retryStalled #1"),
                ISSUE_EYES,
                ISSUE_REPLY + "@Codertocat*Retrying `b`, `c`.")),
        handled(
            "retry on the issue with nothing stalled says so",
            onIssue("/retry"),
            List.of("retryStalled #1"),
            ISSUE_EYES,
            ISSUE_REPLY + "*Nothing to retry*"),
        handled(
            "retry a named subtask from the issue",
            onIssue("/retry docs"),
            List.of("retryTask #1 docs"),
            ISSUE_EYES,
            ISSUE_REPLY + "*Retrying subtask `docs`*"),
        handled(
            "retry with two keys is refused",
            onIssue("/retry docs api"),
            List.of(),
            ISSUE_EYES,
            ISSUE_REPLY + "*refused: takes at most one subtask key. Usage: `/retry [task-key]`"),
        handled(
            "retry with a mention as key is refused and the mention is quoted as code",
            onIssue("/retry @everyone"),
            List.of(),
            ISSUE_EYES,
            ISSUE_REPLY + "@Codertocat*refused: `@everyone` is not a subtask key*"),
        // /switch-model
        handled(
            "switch a role's model on the issue",
            onIssue("/switch-model developer anthropic:claude-sonnet-4-5"),
            List.of("switchRoleModel #1 developer anthropic:claude-sonnet-4-5"),
            ISSUE_EYES,
            ISSUE_REPLY
                + "*The developer role now uses `anthropic:claude-sonnet-4-5` in this run;"
                + " agents already running use it from their next attempt."),
        given(
            t -> t.run.retriedOnSwitch = List.of("docs"),
            handled(
                "switch a role's model retries its failed subtasks now",
                onIssue("/switch-model Reviewer openai:gpt-5-mini"),
                List.of("switchRoleModel #1 reviewer openai:gpt-5-mini"),
                ISSUE_EYES,
                ISSUE_REPLY + "*retrying now with it: `docs`.")),
        handled(
            "switch-model on a PR defaults to its subtask",
            onPr("/switch-model openai:gpt-5-mini"),
            List.of("switchTaskModel #1 api openai:gpt-5-mini"),
            PR_EYES,
            PR_REPLY + "*Subtask `api` now uses `openai:gpt-5-mini` from its next attempt."),
        handled(
            "switch-model of a named subtask",
            onIssue("/switch-model docs openai:gpt-5-mini"),
            List.of("switchTaskModel #1 docs openai:gpt-5-mini"),
            ISSUE_EYES,
            ISSUE_REPLY + "*Subtask `docs` now uses `openai:gpt-5-mini`*"),
        handled(
            "switch to a model not in the catalog",
            onIssue("/switch-model developer openai:gpt-4-32k"),
            List.of(),
            ISSUE_EYES,
            ISSUE_REPLY
                + "*refused: `openai:gpt-4-32k` is not in the model catalog. Allowed models:"
                + " `anthropic:claude-sonnet-4-5`, `openai:gpt-5-mini`."),
        handled(
            "switch to something that is not a model name",
            onPr("/switch-model developer"),
            List.of(),
            PR_EYES,
            PR_REPLY + "*refused: `developer` is not in the model catalog. Allowed models:*"),
        handled(
            "switch-model without a target on the issue",
            onIssue("/switch-model openai:gpt-5-mini"),
            List.of(),
            ISSUE_EYES,
            ISSUE_REPLY + "*refused: say which role (planner, researcher, developer, reviewer)*"),
        handled(
            "switch-model without arguments lists the allowed models",
            onIssue("/switch-model"),
            List.of(),
            ISSUE_EYES,
            ISSUE_REPLY + "*refused: takes a target and a model*Allowed models:*"),
        // /cancel
        handled(
            "cancel on the issue cancels the run",
            onIssue("/cancel"),
            List.of("cancelRun #1"),
            ISSUE_EYES,
            ISSUE_REPLY + "*Cancelled the run*"),
        handled(
            "cancel on a PR cancels its subtask",
            onPr("/cancel"),
            List.of("cancelTask #1 api"),
            PR_EYES,
            PR_REPLY + "*Cancelled subtask `api`*"),
        handled(
            "cancel a named subtask from the issue",
            onIssue("/cancel docs"),
            List.of("cancelTask #1 docs"),
            ISSUE_EYES,
            ISSUE_REPLY + "*Cancelled subtask `docs`*"),
        // /status, /plan, /approve
        handled(
            "status refreshes and links the status comment",
            onPr("/status"),
            List.of("refreshStatus #1"),
            PR_EYES,
            PR_REPLY
                + "*Status refreshed: https://github.com/chhsia0/knative-route-demo/issues/1#issuecomment-1"),
        handled(
            "status with arguments is refused",
            onIssue("/status now please"),
            List.of(),
            ISSUE_EYES,
            ISSUE_REPLY + "*refused: takes no arguments. Usage: `/status`"),
        handled(
            "plan plans again",
            onIssue("/plan"),
            List.of("replan #1"),
            ISSUE_EYES,
            ISSUE_REPLY + "*Planning again; subtasks already merged are kept."),
        handled(
            "approve starts implementing",
            onIssue("/approve"),
            List.of("approve #1"),
            ISSUE_EYES,
            ISSUE_REPLY + "*Plan approved*"),
        given(
            t -> t.run.failWith(() -> new CommandRefused("this run does not wait for approval.")),
            handled(
                "approve refused by the run says why",
                onIssue("/approve"),
                List.of("approve #1"),
                ISSUE_EYES,
                ISSUE_REPLY + "*refused: this run does not wait for approval.")),
        // /help and unknown commands
        handled(
            "help lists every command",
            onIssue("/help"),
            List.of(),
            ISSUE_EYES,
            ISSUE_REPLY
                + "*`/retry [task-key]` — *`/switch-model [planner|researcher|developer|reviewer|task-key]"
                + " <provider:model>` — *`/cancel [task-key]` — *`/status` — *`/plan` — *`/approve` — *`/help"
                + " [command]` — *"),
        handled(
            "help for one command shows its examples",
            onIssue("/help /switch-model"),
            List.of(),
            ISSUE_EYES,
            ISSUE_REPLY + "*Examples: `/switch-model developer anthropic:claude-sonnet-4-5`*"),
        handled(
            "unknown command from the real fixture gets the help list",
            Payloads.fixture("issue_comment.created.on-pull-request"),
            List.of(),
            PR_EYES,
            PR_REPLY + "*`/build`** — unknown command.*Specwright commands*`/retry [task-key]`*"),
        // several commands, case, limits, failures
        handled(
            "two commands in one comment run in order with one reply",
            onPr("Let's try the cheaper model.\n/switch-model openai:gpt-5-mini\n/retry"),
            List.of("switchTaskModel #1 api openai:gpt-5-mini", "retryTask #1 api"),
            PR_EYES,
            PR_REPLY + "*`/switch-model openai:gpt-5-mini`** — Subtask*`/retry`** — Retrying*"),
        handled(
            "uppercase command",
            onIssue("/RETRY docs"),
            List.of("retryTask #1 docs"),
            ISSUE_EYES,
            ISSUE_REPLY + "*Retrying subtask `docs`*"),
        handled(
            "indented command line with CRLF line ends",
            onIssue("Thanks!\r\n  /cancel docs\r\n"),
            List.of("cancelTask #1 docs"),
            ISSUE_EYES,
            ISSUE_REPLY + "*Cancelled subtask `docs`*"),
        handled(
            "command after a quote runs, the quoted one does not",
            onIssue("> /cancel\n\n/status"),
            List.of("refreshStatus #1"),
            ISSUE_EYES,
            ISSUE_REPLY + "*Status refreshed*"),
        handled(
            "more than ten commands: the rest are not run",
            onIssue("/status\n".repeat(12)),
            Stream.generate(() -> "refreshStatus #1").limit(10).toList(),
            ISSUE_EYES,
            ISSUE_REPLY + "*Only the first 10 commands of a comment run; 2 more were ignored."),
        given(
            t ->
                t.run.failWith(
                    () -> new IllegalStateException("jdbc:postgresql://db:5432 refused")),
            handled(
                "a crash in the run is reported without its internals",
                onIssue("/cancel"),
                List.of("cancelRun #1"),
                ISSUE_EYES,
                ISSUE_REPLY
                    + "*failed: an internal error stopped it; the details are in Specwright's log.")),
        // who may command
        handled(
            "maintainer may command",
            byUser(onIssue("/plan"), "keeper"),
            List.of("replan #1"),
            ISSUE_EYES,
            ISSUE_REPLY + "@keeper*Planning again*"),
        handled(
            "read-only user gets one short reply and nothing happens",
            byUser(onIssue("/cancel\n/retry"), "mallory"),
            List.of(),
            ISSUE_REPLY
                + "@mallory, only people with write access to this repository can give Specwright"
                + " commands; nothing was done."),
        handled(
            "triage is not enough",
            byUser(onPr("/retry"), "triager"),
            List.of(),
            PR_REPLY + "@triager, only people with write access*"),
        handled(
            "stranger asking for help is refused too",
            byUser(onPr("/help"), "drive-by"),
            List.of(),
            PR_REPLY + "@drive-by, only people with write access*"),
        // not Specwright's
        ignored(
            "another bot's command on an issue without a run",
            onIssue("/lgtm").set("issue.number", 99)),
        ignored(
            "unknown command on a PR that is not Specwright's",
            Payloads.fixture("issue_comment.created.on-pull-request").set("issue.number", 4)),
        ignored(
            "known command on an issue without a run: other bots' /approve lives there",
            onIssue("/approve").set("issue.number", 99)),
        ignored(
            "known command on a PR that is not Specwright's",
            onPr("/cancel").set("issue.number", 4)),
        // never run
        ignored("command inside a code fence", onIssue("Try this:\n```\n/cancel\n```")),
        ignored("command inside a tilde fence", onIssue("~~~text\n/cancel\n~~~")),
        ignored("command in an indented code block", onIssue("Example:\n\n    /cancel\n")),
        ignored(
            "command in an inline code span is not at line start",
            onIssue("Type `/cancel` to stop.")),
        ignored("quoted command in a reply", onIssue("> /cancel\n\nNo, let's not do that.")),
        ignored("quoted command followed by a lazy continuation line", onIssue("> maybe\n/cancel")),
        ignored("command in an HTML comment", onIssue("<!-- /cancel -->")),
        ignored("a path is not a command", onIssue("/usr/bin/env is missing in the image")),
        ignored("slash without a word", onIssue("/ cancel")),
        ignored("comment without commands", Payloads.fixture("issue_comment.created")),
        ignored("edited comment", onIssue("/cancel").set("action", "edited")),
        ignored("deleted comment", onIssue("/cancel").set("action", "deleted")),
        ignored(
            "bot posts help text",
            onIssue("Specwright commands:\n\n/retry\n/cancel")
                .user("comment.user", "specwright[bot]", "Bot")
                .user("sender", "specwright[bot]", "Bot")),
        ignored(
            "Specwright's own status comment even if typed as a user",
            onIssue("/status")
                .user("comment.user", "specwright", "User")
                .user("sender", "specwright", "User")),
        ignored(
            "another app's bot",
            onIssue("/retry")
                .user("comment.user", "dependabot[bot]", "Bot")
                .user("sender", "dependabot[bot]", "Bot")),
        ignored(
            "a [bot] login whatever its type",
            onIssue("/retry")
                .user("comment.user", "renovate[bot]", "User")
                .user("sender", "renovate[bot]", "User")));
  }

  static Stream<Scenario> reviewsMergesAndReruns() {
    String helloPr = "comment on " + HELLO + "#2: ";
    return Stream.of(
        // review threads
        handled(
            "command in a review thread is answered in that thread",
            inThread("/retry"),
            List.of("retryTask #1 docs"),
            "reaction eyes on review comment 284312630",
            "reply in thread 284312630 on " + HELLO + "#2: @Codertocat*Retrying subtask `docs`*"),
        handled(
            "command in a reply within a thread is answered in the same thread",
            inThread("/status").set("comment.in_reply_to_id", 111),
            List.of("refreshStatus #1"),
            "reaction eyes on review comment 284312630",
            "reply in thread 111 on " + HELLO + "#2: *Status refreshed*"),
        handled(
            "read-only user in a review thread is answered in the thread",
            byUser(inThread("/cancel"), "mallory"),
            List.of(),
            "reply in thread 284312630 on "
                + HELLO
                + "#2: @mallory, only people with write access*"),
        ignored(
            "review thread comment without commands",
            Payloads.fixture("pull_request_review_comment.created")),
        ignored("edited review thread comment", inThread("/cancel").set("action", "edited")),
        // human reviews
        given(
            t ->
                t.github.reviewComments.add(
                    new ReviewComment(
                        284312630, 284312630, "README.md", 1, "@@ -1 +1 @@", "Use more emoji.")),
            handled(
                "changes requested by a human go to the developer agent",
                review("changes_requested", "Please handle the empty list."),
                List.of(
                    "onChangesRequested docs review 237895671 by Codertocat: Please handle the empty list. + 1 comments"),
                "list comments of review 237895671 on " + HELLO + "#2")),
        ignored(
            "changes requested by the QA bot do not count",
            review("changes_requested", "The tests do not cover the error path.")
                .user("review.user", "specwright[bot]", "Bot")
                .user("sender", "specwright[bot]", "Bot")),
        handled(
            "changes requested by a read-only reviewer are not sent",
            review("changes_requested", "I don't like it.")
                .user("review.user", "mallory", "User")
                .user("sender", "mallory", "User"),
            List.of(),
            helloPr
                + "@mallory, Specwright acts on reviews by people with write access; this review was not sent to the agent."),
        ignored(
            "a commenting review from the real fixture is no change request",
            Payloads.fixture("pull_request_review.submitted")),
        ignored("an approving review is left to the human merge", review("approved", "LGTM")),
        ignored(
            "changes requested on a PR that is not Specwright's",
            review("changes_requested", "No.").set("pull_request.number", 77)),
        handled(
            "command in a review body runs and is answered in the conversation",
            review("commented", "/status"),
            List.of("refreshStatus #1"),
            helloPr + "@Codertocat*Status refreshed*"),
        given(
            t -> t.run.failWith(() -> new CommandRefused("the subtask was cancelled.")),
            handled(
                "changes requested on a cancelled subtask say why nothing happens",
                review("changes_requested", "Fix it."),
                List.of(
                    "onChangesRequested docs review 237895671 by Codertocat: Fix it. + 0 comments"),
                "list comments of review 237895671 on " + HELLO + "#2",
                helloPr
                    + "@Codertocat, your review was not sent to the agent: the subtask was cancelled.")),
        // merges and closes
        handled(
            "merge marks the subtask done",
            Payloads.fixture("pull_request.closed").set("pull_request.merged", true),
            List.of("onPullRequestClosed docs merged=true")),
        handled(
            "close without merging abandons the subtask",
            Payloads.fixture("pull_request.closed"),
            List.of("onPullRequestClosed docs merged=false")),
        handled(
            "merge by another bot still counts",
            Payloads.fixture("pull_request.closed")
                .set("pull_request.merged", true)
                .user("sender", "mergify[bot]", "Bot"),
            List.of("onPullRequestClosed docs merged=true")),
        ignored(
            "close by Specwright itself starts nothing",
            Payloads.fixture("pull_request.closed").user("sender", "specwright[bot]", "Bot")),
        ignored(
            "close of a PR that is not Specwright's",
            Payloads.fixture("pull_request.closed").set("pull_request.number", 77)),
        ignored(
            "a PR opened is not this layer's business", Payloads.fixture("pull_request.opened")),
        // check re-runs
        handled(
            "re-run of Specwright's check runs the subtask again",
            specwrightCheckRerun(),
            List.of("rerun lint")),
        ignored(
            "re-run of another app's check from the real fixture",
            Payloads.fixture("check_run.rerequested")),
        ignored(
            "another app's check run named Specwright",
            specwrightCheckRerun().set("check_run.app.id", 2)),
        ignored(
            "re-run by a read-only user", specwrightCheckRerun().user("sender", "mallory", "User")),
        ignored(
            "re-run of a check run on a branch Specwright does not know",
            specwrightCheckRerun().set("check_run.check_suite.head_branch", "master")),
        handled(
            "re-run all checks of Specwright's suite runs the subtask again",
            specwrightSuiteRerun(),
            List.of("rerun docs")),
        ignored(
            "re-run of another app's suite",
            specwrightSuiteRerun().set("check_suite.app.id", 29310)),
        ignored(
            "a suite requested by a push is not a re-run",
            Payloads.fixture("check_suite.requested")
                .set("check_suite.app.id", 4242)
                .set("check_suite.head_branch", "specwright/1-readme/docs")),
        given(
            t -> t.run.failWith(() -> new CommandRefused("the run was cancelled.")),
            handled(
                "re-run refused by the run is explained on the PR",
                specwrightCheckRerun().set("check_run.pull_requests", List.of(Map.of("number", 9))),
                List.of("rerun lint"),
                "comment on github/hello-world#9: @octocat, could not re-run: the run was cancelled.")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"commands", "reviewsMergesAndReruns"})
  void scenario(Scenario s) {
    s.setup().accept(this);

    boolean handled = dispatcher.dispatch(s.delivery().event(), s.delivery().json());

    assertThat(run.calls).as("run calls").containsExactlyElementsOf(s.runCalls());
    assertThat(github.effects).as("GitHub effects").hasSize(s.effects().size());
    for (int i = 0; i < s.effects().size(); i++) {
      assertThat(github.effects.get(i)).as("effect %d", i).matches(glob(s.effects().get(i)));
    }
    assertThat(handled).as("handled").isEqualTo(s.handled());
  }

  private static Pattern glob(String expected) {
    return Pattern.compile(
        Arrays.stream(expected.split("\\*", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining("(?s).*")),
        Pattern.DOTALL);
  }

  // --- properties the table cannot show ----------------------------------------------------------

  @Test
  void botsCodeAndForeignIssuesCostNoPermissionLookup() {
    dispatcher.dispatch(
        "issue_comment",
        onIssue("/retry")
            .user("comment.user", "specwright[bot]", "Bot")
            .user("sender", "specwright[bot]", "Bot")
            .json());
    dispatcher.dispatch("issue_comment", onIssue("```\n/retry\n```").json());
    dispatcher.dispatch("issue_comment", onIssue("/approve").set("issue.number", 99).json());

    assertThat(github.permissionLookups).isEmpty();
  }

  @Test
  void theHelpTextSpecwrightPostsRunsNothingWhenAHumanQuotesOrPastesIt() {
    String help = CommandRegistry.standard(run, () -> CATALOG).helpText();

    boolean pasted = dispatcher.dispatch("issue_comment", onIssue(help).json());
    boolean quoted =
        dispatcher.dispatch(
            "issue_comment",
            onIssue(help.lines().map(l -> "> " + l).collect(Collectors.joining("\n"))).json());

    assertThat(pasted).isFalse();
    assertThat(quoted).isFalse();
    assertThat(run.calls).isEmpty();
    assertThat(github.effects).isEmpty();
  }

  @Test
  void someoneWithoutWriteAccessIsToldOncePerThreadAndHourHoweverOftenTheyTry() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    CommandDispatcher d =
        new CommandDispatcher(
            CommandRegistry.standard(run, () -> CATALOG),
            github,
            github,
            run,
            run,
            IDENTITY,
            now::get);
    // Each try is a new comment (a replay of one comment is answered once anyway).
    java.util.function.IntFunction<String> spam =
        id -> byUser(onIssue("/cancel"), "mallory").set("comment.id", 7000 + id).json();

    for (int i = 0; i < 5; i++) {
      assertThat(d.dispatch("issue_comment", spam.apply(i))).isTrue();
    }
    d.dispatch("issue_comment", byUser(onPr("/cancel"), "mallory").json());
    now.set(now.get().plus(CommandDispatcher.REFUSAL_QUIET_PERIOD));
    d.dispatch("issue_comment", spam.apply(5));

    assertThat(github.effects)
        .extracting(e -> e.substring(0, e.indexOf(':')))
        .containsExactly(
            "comment on " + HELLO + "#1",
            "comment on " + KNATIVE + "#3",
            "comment on " + HELLO + "#1");
    assertThat(run.calls).isEmpty();
  }

  @Test
  void aFailedPermissionLookupPropagatesBeforeAnythingIsDone() {
    CommandDispatcher failing =
        new CommandDispatcher(
            CommandRegistry.standard(run, () -> CATALOG),
            github,
            (repo, login) -> {
              throw new IllegalStateException("GitHub answered 502");
            },
            run,
            run,
            IDENTITY);

    assertThatThrownBy(() -> failing.dispatch("issue_comment", onIssue("/cancel").json()))
        .hasMessageContaining("502");
    assertThat(run.calls).isEmpty();
    assertThat(github.effects).isEmpty();
  }

  @Test
  void aReplyGitHubRefusesPropagatesAndTheRetryAnswersWithoutActingAgain() {
    java.util.concurrent.atomic.AtomicInteger replies =
        new java.util.concurrent.atomic.AtomicInteger();
    FakeGitHub replyFailsOnce =
        new FakeGitHub() {
          @Override
          public void commentOnIssue(RepoRef repo, int number, String body) {
            if (replies.getAndIncrement() == 0) {
              throw new IllegalStateException("GitHub answered 502");
            }
            super.commentOnIssue(repo, number, body);
          }
        }.grant("Codertocat", Permission.WRITE);
    CommandDispatcher d =
        new CommandDispatcher(
            CommandRegistry.standard(run, () -> CATALOG),
            replyFailsOnce,
            replyFailsOnce,
            run,
            run,
            IDENTITY);
    String comment = onIssue("/cancel").json();

    // The job fails, so the queue retries it with backoff...
    assertThatThrownBy(() -> d.dispatch("issue_comment", comment)).hasMessageContaining("502");
    assertThat(run.calls).containsExactly("cancelRun #1");
    // ...and the retry answers with the outcome recorded, without cancelling again.
    assertThat(d.dispatch("issue_comment", comment)).isTrue();

    assertThat(run.calls).containsExactly("cancelRun #1");
    assertThat(replyFailsOnce.effects).hasSize(2).first().isEqualTo(ISSUE_EYES);
    assertThat(replyFailsOnce.effects.get(1))
        .startsWith(ISSUE_REPLY + "@Codertocat\n\n**`/cancel`** — ");
  }

  @Test
  void aPayloadWithoutTheCommentIdIsRejectedNamingTheField() {
    String payload = onIssue("/cancel").remove("comment.id").json();

    assertThatThrownBy(() -> dispatcher.dispatch("issue_comment", payload))
        .isInstanceOf(MalformedPayload.class)
        .hasMessage("issue_comment payload lacks comment.id");
    assertThat(run.calls).isEmpty();
  }

  @Test
  void eventsOfOtherKindsAreNotHandled() {
    assertThat(dispatcher.dispatch("ping", Payloads.fixture("ping").json())).isFalse();
    assertThat(dispatcher.dispatch("issues", Payloads.fixture("issues.labeled").json())).isFalse();
    assertThat(github.effects).isEmpty();
  }
}
