package dev.specwright.command;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the webhook events of people steering Specwright into run operations: comment commands,
 * human reviews requesting changes, merges and closes of subtask PRs, and check re-runs.
 *
 * <p>Order of checks, so that nothing is done for the wrong person: events Specwright or another
 * bot caused are dropped first; then the comment's command lines are read (none: not handled); then
 * the author's permission (write, maintain or admin) is checked — anyone else gets one short reply
 * and nothing happens; then the comment gets an 👀 reaction and its commands run in order, and one
 * reply says what each did or why it did not.
 *
 * <p>Failure and retry: an exception before anything was done (reading the payload, asking for the
 * permission, the reaction) propagates, so the delivery job can be retried safely. Once a command
 * has acted, its failures are reported in the reply, never rethrown; a reply GitHub refuses
 * propagates, and the retried job answers with the outcomes the ledger kept. And since a delivery
 * can still be replayed (the process died before the queue marked it done), every step — the
 * reaction, each command, the reply, sending a review to the agent — is recorded in a {@link
 * CommandLedger} keyed by the comment or review and the step's position: a replay skips what was
 * done (a second {@code /retry} would start a second attempt) and redoes only what was claimed and
 * never finished.
 */
public final class CommandDispatcher {

  /** Commands beyond this many in one comment are not run (the reply says so). */
  static final int MAX_COMMANDS_PER_COMMENT = 10;

  static final String ACCEPTED_REACTION = "eyes";

  /** Ledger positions of a comment's steps besides its commands (which are 0, 1, …). */
  static final int REPLY = -1;

  static final int REACTION = -2;

  /** Someone without write access is told so at most once per thread in this period. */
  public static final Duration REFUSAL_QUIET_PERIOD = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

  private final CommandRegistry registry;
  private final CommandGitHub github;
  private final CollaboratorPermissions permissions;
  private final TaskLookup lookup;
  private final HumanLoop humanLoop;
  private final SpecwrightIdentity identity;
  private final RefusalNotices refusals;
  private final CommandLedger ledger;

  /** A dispatcher whose ledger lives in memory: replays within this process are recognised. */
  public CommandDispatcher(
      CommandRegistry registry,
      CommandGitHub github,
      CollaboratorPermissions permissions,
      TaskLookup lookup,
      HumanLoop humanLoop,
      SpecwrightIdentity identity) {
    this(registry, github, permissions, lookup, humanLoop, identity, InstantSource.system());
  }

  /** As above, with the clock of the refusal notices. */
  public CommandDispatcher(
      CommandRegistry registry,
      CommandGitHub github,
      CollaboratorPermissions permissions,
      TaskLookup lookup,
      HumanLoop humanLoop,
      SpecwrightIdentity identity,
      InstantSource clock) {
    this(
        registry,
        github,
        permissions,
        lookup,
        humanLoop,
        identity,
        clock,
        CommandLedger.inMemory());
  }

  /**
   * The dispatcher as served: with the clock that spaces the "you may not command" replies (one per
   * person and thread per {@link #REFUSAL_QUIET_PERIOD}) and the durable ledger of steps done.
   */
  public CommandDispatcher(
      CommandRegistry registry,
      CommandGitHub github,
      CollaboratorPermissions permissions,
      TaskLookup lookup,
      HumanLoop humanLoop,
      SpecwrightIdentity identity,
      InstantSource clock,
      CommandLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.refusals = new RefusalNotices(REFUSAL_QUIET_PERIOD, clock);
    this.registry = Objects.requireNonNull(registry, "registry");
    this.github = Objects.requireNonNull(github, "github");
    this.permissions = Objects.requireNonNull(permissions, "permissions");
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    this.humanLoop = Objects.requireNonNull(humanLoop, "humanLoop");
    this.identity = Objects.requireNonNull(identity, "identity");
  }

  /**
   * Handles one webhook delivery.
   *
   * @param event the {@code X-GitHub-Event} header
   * @param payload the raw JSON body
   * @return whether the delivery concerned Specwright and was acted on (replying "not permitted"
   *     counts); false for events, actions and comments that are not its business
   * @throws MalformedPayload when a payload of a handled kind lacks a required field
   */
  public boolean dispatch(String event, String payload) {
    return WebhookEvents.parse(event, payload).map(this::handle).orElse(false);
  }

  /** Handles one parsed event; see {@link #dispatch}. */
  public boolean handle(WebhookEvent event) {
    return switch (event) {
      case WebhookEvent.CommentCreated comment -> onComment(comment);
      case WebhookEvent.ReviewSubmitted review -> onReview(review);
      case WebhookEvent.PullRequestClosed closed -> onClosed(closed);
      case WebhookEvent.CheckRunRerequested rerun -> onCheckRerun(rerun);
      case WebhookEvent.CheckSuiteRerequested rerun -> onSuiteRerun(rerun);
    };
  }

  private boolean causedByBot(Actor author, Actor sender) {
    return identity.isBotOrSelf(author) || identity.isBotOrSelf(sender);
  }

  // --- comments --------------------------------------------------------------------------------

  private boolean onComment(WebhookEvent.CommentCreated comment) {
    if (causedByBot(comment.author(), comment.sender())) {
      return false;
    }
    List<SlashCommand> commands = CommandReader.read(comment.body());
    if (commands.isEmpty()) {
      return false;
    }
    CommandContext context = contextOf(comment);
    if (context.run().isEmpty()) {
      // Not a spec issue or a subtask's PR: other bots' commands (/approve, /lgtm …) live there,
      // so Specwright stays silent and does not even spend a permission lookup.
      return false;
    }
    String source = sourceOf(comment.source());
    if (ledger.claim(source, REPLY).isPresent()) {
      return true; // a replayed delivery: this comment was answered, so everything was done
    }
    String login = comment.author().login();
    Permission permission = permissions.permission(comment.repo(), login);
    if (!permission.atLeast(Permission.WRITE)) {
      log.info(
          "ignored commands by {} on {}#{}: permission {}",
          login,
          comment.repo().fullName(),
          comment.number(),
          permission.label());
      if (refusals.shouldTell(comment.repo(), comment.number(), login)) {
        reply(
            comment,
            "@"
                + login
                + ", only people with write access to this repository can give Specwright"
                + " commands; nothing was done.");
      }
      ledger.done(source, REPLY, "refused");
      return true;
    }
    if (ledger.claim(source, REACTION).isEmpty()) {
      react(comment);
      ledger.done(source, REACTION, ACCEPTED_REACTION);
    }
    // A reply GitHub refuses (a 502, a rate limit) propagates, and the reply stays undone in the
    // ledger: the delivery job is retried with backoff, and its replay skips the commands already
    // done and answers with the outcomes they recorded.
    answer(comment, "@" + login + "\n\n" + runAll(commands, context, permission, source));
    ledger.done(source, REPLY, "replied");
    return true;
  }

  /** The ledger's name for where a comment was written; GitHub's ids are unique per kind. */
  static String sourceOf(CommentSource source) {
    return switch (source) {
      case CommentSource.IssueComment c -> "issue-comment:" + c.commentId();
      case CommentSource.ReviewThreadComment c -> "review-comment:" + c.commentId();
      case CommentSource.ReviewBody r -> "review:" + r.reviewId();
    };
  }

  private CommandContext contextOf(WebhookEvent.CommentCreated comment) {
    if (comment.onPullRequest()) {
      Optional<TaskRef> task = lookup.taskForPullRequest(comment.repo(), comment.number());
      return new CommandContext(
          comment.repo(),
          comment.number(),
          true,
          task.map(TaskRef::run),
          task,
          comment.author().login());
    }
    return new CommandContext(
        comment.repo(),
        comment.number(),
        false,
        lookup.runForIssue(comment.repo(), comment.number()),
        Optional.empty(),
        comment.author().login());
  }

  private String runAll(
      List<SlashCommand> commands, CommandContext context, Permission permission, String source) {
    List<String> sections = new ArrayList<>();
    boolean unknownSeen = false;
    int count = 0;
    for (SlashCommand line : commands) {
      if (++count > MAX_COMMANDS_PER_COMMENT) {
        sections.add(
            "Only the first "
                + MAX_COMMANDS_PER_COMMENT
                + " commands of a comment run; "
                + (commands.size() - MAX_COMMANDS_PER_COMMENT)
                + " more were ignored.");
        break;
      }
      Optional<Command<?>> command = registry.find(line.name());
      if (command.isEmpty()) {
        sections.add("**" + CodeSpan.of(line.line()) + "** — unknown command.");
        unknownSeen = true;
        continue;
      }
      int position = count - 1;
      Optional<String> before = ledger.claim(source, position);
      String outcome;
      if (before.isPresent()) {
        outcome = before.get(); // done by an earlier delivery of this comment: not again
      } else {
        outcome = execute(command.get(), line, context, permission);
        ledger.done(source, position, outcome);
      }
      sections.add("**" + CodeSpan.of(line.line()) + "** — " + outcome);
    }
    if (unknownSeen) {
      sections.add(registry.helpText());
    }
    return String.join("\n\n", sections);
  }

  private <A> String execute(
      Command<A> command, SlashCommand line, CommandContext context, Permission permission) {
    if (!permission.atLeast(command.minimumPermission())) {
      return "refused: `/"
          + command.name()
          + "` needs "
          + command.minimumPermission().label()
          + " permission.";
    }
    try {
      A args = command.parse(line.args(), context);
      return command.run(args, context);
    } catch (CommandRefused refused) {
      return "refused: " + refused.getMessage();
    } catch (RuntimeException e) {
      // The exception text may carry internals; the reply does not, the log does.
      log.error(
          "/{} on {}#{} failed", command.name(), context.repo().fullName(), context.number(), e);
      return "failed: an internal error stopped it; the details are in Specwright's log.";
    }
  }

  private void react(WebhookEvent.CommentCreated comment) {
    switch (comment.source()) {
      case CommentSource.IssueComment c ->
          github.reactToIssueComment(comment.repo(), c.commentId(), ACCEPTED_REACTION);
      case CommentSource.ReviewThreadComment c ->
          github.reactToReviewComment(comment.repo(), c.commentId(), ACCEPTED_REACTION);
      case CommentSource.ReviewBody ignored -> {
        // GitHub has no reactions on reviews; the reply is the acknowledgement.
      }
    }
  }

  /** Answers where the comment was written; a failed reply is logged, never rethrown. */
  private void reply(WebhookEvent.CommentCreated comment, String body) {
    try {
      answer(comment, body);
    } catch (RuntimeException e) {
      log.warn("could not reply on {}#{}", comment.repo().fullName(), comment.number(), e);
    }
  }

  /** Answers where the comment was written; a failure propagates. */
  private void answer(WebhookEvent.CommentCreated comment, String body) {
    if (comment.source() instanceof CommentSource.ReviewThreadComment thread) {
      github.replyToReviewComment(comment.repo(), comment.number(), thread.threadRootId(), body);
    } else {
      github.commentOnIssue(comment.repo(), comment.number(), body);
    }
  }

  // --- reviews ---------------------------------------------------------------------------------

  private boolean onReview(WebhookEvent.ReviewSubmitted review) {
    if (causedByBot(review.author(), review.sender())) {
      // The QA agent's reviews are Specwright's own: they never count as a human's.
      return false;
    }
    boolean hadCommands = !CommandReader.read(review.body()).isEmpty();
    boolean handled = onComment(review.asComment());
    if (!review.changesRequested()) {
      return handled;
    }
    Optional<TaskRef> task = lookup.taskForPullRequest(review.repo(), review.pullNumber());
    if (task.isEmpty()) {
      return handled;
    }
    String login = review.author().login();
    if (!permissions.permission(review.repo(), login).atLeast(Permission.WRITE)) {
      if (!hadCommands && refusals.shouldTell(review.repo(), review.pullNumber(), login)) {
        // With commands, the reply to them already said so: one short reply, not two.
        comment(
            review.repo(),
            review.pullNumber(),
            "@"
                + login
                + ", Specwright acts on reviews by people with write access; this review was not"
                + " sent to the agent.");
      }
      return true;
    }
    String source = "changes-requested:" + review.reviewId();
    if (ledger.claim(source, 0).isPresent()) {
      return true; // a replayed delivery: the review went to the agent already
    }
    List<ReviewComment> comments =
        github.reviewComments(review.repo(), review.pullNumber(), review.reviewId());
    String outcome = "sent";
    try {
      humanLoop.onChangesRequested(
          task.get(), new HumanReview(review.reviewId(), login, review.body(), comments));
    } catch (CommandRefused refused) {
      outcome = "refused: " + refused.getMessage();
      comment(
          review.repo(),
          review.pullNumber(),
          "@" + login + ", your review was not sent to the agent: " + refused.getMessage());
    }
    ledger.done(source, 0, outcome);
    return true;
  }

  // --- merges, closes, re-runs -----------------------------------------------------------------

  private boolean onClosed(WebhookEvent.PullRequestClosed closed) {
    if (identity.isSelf(closed.sender())) {
      // Specwright closed it itself (e.g. /cancel): the run already knows.
      return false;
    }
    Optional<TaskRef> task = lookup.taskForPullRequest(closed.repo(), closed.pullNumber());
    if (task.isEmpty()) {
      return false;
    }
    try {
      humanLoop.onPullRequestClosed(task.get(), closed.merged());
    } catch (CommandRefused refused) {
      log.info(
          "{}#{} closed (merged: {}): {}",
          closed.repo().fullName(),
          closed.pullNumber(),
          closed.merged(),
          refused.getMessage());
    }
    return true;
  }

  private boolean onCheckRerun(WebhookEvent.CheckRunRerequested rerun) {
    if (!identity.ownsCheckRun(rerun.name(), rerun.appId())) {
      return false;
    }
    return rerunBranch(rerun.repo(), rerun.headBranch(), rerun.sender(), rerun.pullNumbers());
  }

  private boolean onSuiteRerun(WebhookEvent.CheckSuiteRerequested rerun) {
    // A suite has no name to recognise: only the app id tells it is Specwright's.
    if (identity.appId() == 0 || rerun.appId() != identity.appId()) {
      return false;
    }
    return rerunBranch(rerun.repo(), rerun.headBranch(), rerun.sender(), rerun.pullNumbers());
  }

  private boolean rerunBranch(RepoRef repo, String branch, Actor sender, List<Integer> pulls) {
    if (identity.isBotOrSelf(sender) || branch.isEmpty()) {
      return false;
    }
    Optional<TaskRef> task = lookup.taskForBranch(repo, branch);
    if (task.isEmpty()) {
      return false;
    }
    String login = sender.login();
    if (!permissions.permission(repo, login).atLeast(Permission.WRITE)) {
      // GitHub itself only offers "Re-run" to people with write access; this is a second lock.
      log.info("ignored re-run of {} on {} by {}: no write access", branch, repo.fullName(), login);
      return false;
    }
    try {
      humanLoop.rerun(task.get());
    } catch (CommandRefused refused) {
      for (int pull : pulls) {
        comment(repo, pull, "@" + login + ", could not re-run: " + refused.getMessage());
      }
    }
    return true;
  }

  private void comment(RepoRef repo, int number, String body) {
    try {
      github.commentOnIssue(repo, number, body);
    } catch (RuntimeException e) {
      log.warn("could not comment on {}#{}", repo.fullName(), number, e);
    }
  }
}
