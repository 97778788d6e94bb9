package dev.specwright.run;

import dev.specwright.llm.ModelRef;
import dev.specwright.run.RunGitHub.InlineComment;
import dev.specwright.run.RunSteps.RunStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the outside world does to runs: the label event starts one, comment commands steer it, PR
 * events move its subtasks. Every operation is idempotent and answers with a {@link Result} whose
 * message can be posted as the reply. Permission checks on commands are the caller's (the command
 * layer knows who spoke); {@link #startRun} checks the labeler itself because a label is the one
 * trigger that spends money without a command.
 */
public final class RunControl {

  /** The outcome of an operation, phrased for a reply comment. */
  public record Result(boolean ok, String message, Optional<Long> runId) {
    static Result ok(String message, long runId) {
      return new Result(true, message, Optional.of(runId));
    }

    static Result refused(String message) {
      return new Result(false, message, Optional.empty());
    }
  }

  private final SpecRuns runs;

  RunControl(SpecRuns runs) {
    this.runs = runs;
  }

  /**
   * The spec label was added by {@code labeler}. Starts a run unless the issue has an active one
   * (then it is left alone, and its first step re-scheduled in case a crash lost it).
   */
  public Result startRun(RepoRef repo, int issue, String labeler) {
    return startRun(repo, issue, labeler, runs.settings().defaultPolicy());
  }

  /** As {@link #startRun(RepoRef, int, String)}, with a policy from the repository's playbook. */
  public Result startRun(RepoRef repo, int issue, String labeler, RunPolicy policy) {
    Permission p = runs.github().permission(repo, labeler);
    if (!p.canWrite()) {
      return Result.refused(
          "@" + labeler + " cannot start Specwright here: write permission is needed");
    }
    Optional<RunRecord> active = runs.runs.active(repo, issue);
    if (active.isPresent()) {
      resume(active.get());
      return new Result(
          false,
          "a Specwright run is already active on this issue",
          Optional.of(active.get().id()));
    }
    String title = runs.github().issue(repo, issue).title();
    Optional<Long> id =
        runs.runs.insertActive(
            repo, issue, UntrustedText.clean(title), Branches.slug(title), labeler, policy);
    if (id.isEmpty()) {
      runs.runs.active(repo, issue).ifPresent(this::resume);
      return Result.refused("a Specwright run is already active on this issue");
    }
    runs.schedule(SpecRuns.RESEARCH, new RunStep(id.get(), 0));
    runs.requestStatus(id.get());
    return Result.ok("Specwright started run " + id.get(), id.get());
  }

  /** Re-schedules the current step of a run; harmless when it is already scheduled. */
  private void resume(RunRecord run) {
    int gen = runs.runs.planGen(run.id());
    switch (run.state()) {
      case RESEARCHING -> runs.schedule(SpecRuns.RESEARCH, new RunStep(run.id(), gen));
      case PLANNING -> runs.schedule(SpecRuns.PLAN, new RunStep(run.id(), gen));
      case IMPLEMENTING, REVIEWING -> runs.advance(run.id());
      default -> {}
    }
  }

  /**
   * {@code /retry [key]}: the named subtask (a fresh attempt on its branch; its PR stays), or every
   * failed, stuck or blocked one, or the plan when the run failed before it had one.
   */
  public Result retry(RepoRef repo, int issue, Optional<String> taskKey) {
    Optional<RunRecord> found = runs.runs.latest(repo, issue);
    if (found.isEmpty()) {
      return Result.refused("there is no Specwright run on this issue");
    }
    RunRecord run = found.get();
    List<Subtask> tasks = runs.subtasks.list(run.id());
    if (taskKey.isEmpty() && tasks.isEmpty()) {
      if (run.state() != RunState.FAILED) {
        return Result.refused(
            "the run is " + run.state().name().toLowerCase(Locale.ROOT) + "; nothing to retry");
      }
      RunState to = run.researchNotes() == null ? RunState.RESEARCHING : RunState.PLANNING;
      if (!runs.runs.reopen(run.id(), to)) {
        return Result.refused("another run is active on this issue");
      }
      int gen = runs.runs.bumpPlanGen(run.id());
      runs.schedule(
          to == RunState.RESEARCHING ? SpecRuns.RESEARCH : SpecRuns.PLAN,
          new RunStep(run.id(), gen));
      runs.requestStatus(run.id());
      return Result.ok(
          "retrying the " + (to == RunState.RESEARCHING ? "research" : "plan"), run.id());
    }
    List<String> retried = new ArrayList<>();
    for (Subtask t : tasks) {
      boolean named = taskKey.map(k -> k.equals(t.key())).orElse(false);
      if (taskKey.isPresent() && !named) {
        continue;
      }
      if (named && (t.state().busy() || t.state() == TaskState.MERGED)) {
        return Result.refused(t.key() + " is " + t.state().label() + "; it cannot be retried now");
      }
      if (named || t.state().retryable()) {
        TaskState to = t.state() == TaskState.BLOCKED ? TaskState.PENDING : TaskState.READY;
        runs.subtasks.setFailures(run.id(), t.key(), 0);
        runs.subtasks.transition(run.id(), t.key(), to, null, t.state());
        retried.add(t.key());
      }
    }
    if (taskKey.isPresent() && retried.isEmpty()) {
      return Result.refused("there is no subtask " + taskKey.get() + " in this run");
    }
    if (retried.isEmpty()) {
      return Result.refused("no failed, stuck or blocked subtask to retry");
    }
    if (run.state().isFinal()) {
      boolean reopened;
      try {
        reopened =
            run.state() == RunState.FAILED
                ? runs.runs.reopen(run.id(), RunState.IMPLEMENTING)
                : runs.runs.transition(run.id(), RunState.IMPLEMENTING, run.state());
      } catch (RuntimeException e) {
        reopened = false; // the one-active-run index: another run is active on the issue
      }
      if (!reopened) {
        return Result.refused("another run is active on this issue");
      }
    }
    runs.advance(run.id());
    return Result.ok("retrying " + String.join(", ", retried), run.id());
  }

  /**
   * {@code /switch-model <role|key> <model>}: for a role, from its next agent; for a subtask, from
   * its next attempt. A failed or stuck subtask is retried with it. The caller checks the model
   * against the catalog.
   */
  public Result switchModel(RepoRef repo, int issue, String target, ModelRef model) {
    Optional<RunRecord> found = runs.runs.latest(repo, issue);
    if (found.isEmpty()) {
      return Result.refused("there is no Specwright run on this issue");
    }
    RunRecord run = found.get();
    Role role = Role.parseOrNull(target);
    if (role != null) {
      runs.runs.setOverrides(run.id(), run.overrides().with(role, model));
      if (role == Role.DEVELOPER) {
        for (Subtask t : runs.subtasks.list(run.id())) {
          if (t.state() == TaskState.FAILED || t.state() == TaskState.STUCK) {
            retry(repo, issue, Optional.of(t.key()));
          }
        }
      }
      runs.requestStatus(run.id());
      return Result.ok("the " + role.label() + " now uses " + model, run.id());
    }
    Optional<Subtask> task = runs.subtasks.find(run.id(), target);
    if (task.isEmpty()) {
      return Result.refused(
          "'"
              + target
              + "' is neither a role (researcher, planner, developer, reviewer) nor a subtask");
    }
    runs.subtasks.setModelOverride(run.id(), target, model.toString());
    if (task.get().state() == TaskState.FAILED || task.get().state() == TaskState.STUCK) {
      retry(repo, issue, Optional.of(target));
    }
    runs.requestStatus(run.id());
    return Result.ok(target + " now uses " + model, run.id());
  }

  /**
   * {@code /cancel [key]}: the run (every agent stops, nothing new starts) or one subtask. A
   * running agent is signalled at once; its attempt pushes what it had as an incomplete draft and
   * nothing after that.
   */
  public Result cancel(RepoRef repo, int issue, Optional<String> taskKey) {
    Optional<RunRecord> found = runs.runs.active(repo, issue);
    if (found.isEmpty()) {
      return Result.refused("there is no active Specwright run on this issue");
    }
    RunRecord run = found.get();
    if (taskKey.isPresent()) {
      Optional<Subtask> t = runs.subtasks.find(run.id(), taskKey.get());
      if (t.isEmpty()) {
        return Result.refused("there is no subtask " + taskKey.get() + " in this run");
      }
      if (t.get().state() == TaskState.MERGED) {
        return Result.refused(taskKey.get() + " is already merged");
      }
      runs.subtasks.transition(
          run.id(),
          t.get().key(),
          TaskState.CANCELLED,
          "cancelled by a maintainer",
          t.get().state());
      runs.cancelAgent(run.id(), t.get().key());
      runs.updateCheck(run, runs.subtasks.get(run.id(), t.get().key()));
      runs.advance(run.id());
      return Result.ok("cancelled " + taskKey.get(), run.id());
    }
    runs.runs.transition(run.id(), RunState.CANCELLED, run.state());
    for (Subtask t : runs.subtasks.list(run.id())) {
      if (t.state() != TaskState.MERGED && t.state() != TaskState.IN_REVIEW) {
        runs.subtasks.transition(
            run.id(), t.key(), TaskState.CANCELLED, "the run was cancelled", t.state());
        runs.updateCheck(run, runs.subtasks.get(run.id(), t.key()));
      }
    }
    runs.cancelAll(run.id());
    runs.requestStatus(run.id());
    return Result.ok("cancelled the run", run.id());
  }

  /** {@code /status}: edits the status comment now; the message is its URL. */
  public Result refreshStatus(RepoRef repo, int issue) {
    Optional<RunRecord> found = runs.runs.latest(repo, issue);
    if (found.isEmpty()) {
      return Result.refused("there is no Specwright run on this issue");
    }
    String url = runs.renderStatusNow(found.get().id());
    return Result.ok(url == null ? "status updated" : url, found.get().id());
  }

  /** {@code /plan}: plans again, keeping merged subtasks; running agents are stopped. */
  public Result replan(RepoRef repo, int issue) {
    Optional<RunRecord> found = runs.runs.latest(repo, issue);
    if (found.isEmpty()) {
      return Result.refused("there is no Specwright run on this issue");
    }
    RunRecord run = found.get();
    if (run.state() == RunState.DONE || run.state() == RunState.CANCELLED) {
      return Result.refused(
          "the run is " + run.state().name().toLowerCase(Locale.ROOT) + "; label the issue again");
    }
    if (run.state() == RunState.RESEARCHING) {
      return Result.refused("the run is still researching; it plans next");
    }
    boolean moved =
        run.state() == RunState.FAILED
            ? runs.runs.reopen(run.id(), RunState.PLANNING)
            : runs.runs.transition(
                run.id(),
                RunState.PLANNING,
                RunState.PLANNING,
                RunState.AWAITING_APPROVAL,
                RunState.IMPLEMENTING,
                RunState.REVIEWING);
    if (!moved) {
      return Result.refused("another run is active on this issue");
    }
    for (Subtask t : runs.subtasks.list(run.id())) {
      if (t.state().busy()) {
        runs.subtasks.transition(run.id(), t.key(), TaskState.PENDING, "re-planning", t.state());
        runs.cancelAgent(run.id(), t.key());
      }
    }
    int gen = runs.runs.bumpPlanGen(run.id());
    runs.schedule(SpecRuns.PLAN, new RunStep(run.id(), gen));
    runs.requestStatus(run.id());
    return Result.ok("planning again; merged subtasks are kept", run.id());
  }

  /** {@code /approve}: starts implementing a plan that waits for approval. */
  public Result approve(RepoRef repo, int issue) {
    Optional<RunRecord> found = runs.runs.active(repo, issue);
    if (found.isEmpty()) {
      return Result.refused("there is no active Specwright run on this issue");
    }
    if (!runs.runs.transition(
        found.get().id(), RunState.IMPLEMENTING, RunState.AWAITING_APPROVAL)) {
      return Result.refused("the plan is not waiting for approval");
    }
    runs.advance(found.get().id());
    return Result.ok("approved; implementing", found.get().id());
  }

  /**
   * {@code pull_request.closed}: merged → the subtask is done and its dependents may start; closed
   * unmerged → abandoned and its dependents blocked. When every subtask is merged the run is done.
   */
  public Result onPullRequestClosed(RepoRef repo, int pullRequest, boolean merged) {
    Optional<Subtask> found = runs.subtasks.byPullRequest(repo.fullName(), pullRequest);
    if (found.isEmpty()) {
      return Result.refused("not a Specwright pull request");
    }
    Subtask t = found.get();
    RunRecord run = runs.runs.get(t.runId());
    TaskState to = merged ? TaskState.MERGED : TaskState.ABANDONED;
    if (t.state() == to) {
      return Result.ok(t.key() + " already " + to.label(), run.id());
    }
    runs.subtasks.transition(
        run.id(),
        t.key(),
        to,
        merged ? null : "the pull request was closed without merging",
        t.state());
    runs.cancelAgent(run.id(), t.key());
    runs.updateCheck(run, runs.subtasks.get(run.id(), t.key()));
    if (run.state() == RunState.REVIEWING || run.state() == RunState.IMPLEMENTING) {
      runs.advance(run.id());
    } else {
      runs.requestStatus(run.id());
    }
    return Result.ok(t.key() + " " + to.label(), run.id());
  }

  /**
   * A human's review with changes requested on a Specwright PR: the subtask goes back to a
   * developer on the same branch with the review as input. QA rounds are not counted.
   */
  public Result onChangesRequested(
      RepoRef repo, int pullRequest, String reviewer, String body, List<InlineComment> comments) {
    return changesRequested(
        repo,
        pullRequest,
        reviewer,
        Prompts.revisionNotes("@" + reviewer, body, comments),
        (runId, key) -> {});
  }

  /**
   * As above, with the review's threads: the developer gets each with its id and says which it
   * addressed; after its push the run replies in those threads (and only those). The same review
   * delivered again leaves the threads an attempt already answered as they are.
   */
  public Result onChangesRequested(
      RepoRef repo,
      int pullRequest,
      long reviewId,
      String reviewer,
      String body,
      List<ReviewThread> threads) {
    return changesRequested(
        repo,
        pullRequest,
        reviewer,
        Prompts.revisionNotes("@" + reviewer, body, List.of()),
        (runId, key) -> runs.threads.open(runId, key, reviewId, threads));
  }

  private Result changesRequested(
      RepoRef repo,
      int pullRequest,
      String reviewer,
      String notes,
      java.util.function.BiConsumer<Long, String> keepThreads) {
    Optional<Subtask> found = runs.subtasks.byPullRequest(repo.fullName(), pullRequest);
    if (found.isEmpty()) {
      return Result.refused("not a Specwright pull request");
    }
    Subtask t = found.get();
    RunRecord run = runs.runs.get(t.runId());
    if (run.state().isFinal() && run.state() != RunState.DONE) {
      return Result.refused("the run is " + run.state().name().toLowerCase(Locale.ROOT));
    }
    if (t.state() == TaskState.MERGED || t.state().busy()) {
      // Not kept for later: the attempt under way could not see it, and QA's verdict follows it.
      return Result.refused(
          t.key() + " is " + t.state().label() + "; request changes again once it is in review");
    }
    runs.subtasks.setRevision(run.id(), t.key(), notes, false);
    keepThreads.accept(run.id(), t.key());
    runs.subtasks.setFailures(run.id(), t.key(), 0);
    runs.subtasks.transition(
        run.id(),
        t.key(),
        TaskState.CHANGES_REQUESTED,
        "@" + reviewer + " requested changes",
        t.state());
    if (run.state() == RunState.REVIEWING) {
      runs.runs.transition(run.id(), RunState.IMPLEMENTING, RunState.REVIEWING);
    }
    runs.advance(run.id());
    return Result.ok(t.key() + " goes back to a developer", run.id());
  }

  /** The subtask a PR belongs to, for commands given on a PR. */
  public Optional<Subtask> subtaskOf(RepoRef repo, int pullRequest) {
    return runs.subtasks.byPullRequest(repo.fullName(), pullRequest);
  }

  /** The issue's newest run, for {@code /status} and the dashboard. */
  public Optional<RunRecord> latestRun(RepoRef repo, int issue) {
    return runs.runs.latest(repo, issue);
  }

  /** A run's subtasks in plan order. */
  public List<Subtask> subtasks(long runId) {
    return runs.subtasks.list(runId);
  }
}
