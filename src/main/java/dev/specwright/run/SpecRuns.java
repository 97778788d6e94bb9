package dev.specwright.run;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.specwright.llm.Cost;
import dev.specwright.llm.ModelRef;
import dev.specwright.playbook.AgentTool;
import dev.specwright.playbook.AttemptStrategy;
import dev.specwright.playbook.FallbackTrigger;
import dev.specwright.playbook.Strategies;
import dev.specwright.run.Agents.AgentResult;
import dev.specwright.run.Agents.AgentTask;
import dev.specwright.run.Agents.EndReason;
import dev.specwright.run.RunGitHub.CheckRunSpec;
import dev.specwright.run.RunGitHub.CommentRef;
import dev.specwright.run.RunGitHub.Issue;
import dev.specwright.run.RunGitHub.PullRequestRef;
import dev.specwright.run.RunGitHub.PullRequestSpec;
import dev.specwright.run.RunGitHub.ReviewEvent;
import dev.specwright.run.RunSteps.RunStep;
import dev.specwright.run.RunSteps.TaskStep;
import dev.specwright.run.Workspaces.PushRejectedException;
import dev.specwright.run.Workspaces.Workspace;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec run orchestrator: research → plan → parallel developer attempts → publish → QA review →
 * human review and merge, each step a durable db-scheduler job whose GitHub side effects are looked
 * up by stable key before they are made. Routing, scheduling, retries and status are code; models
 * are called only through {@link Agents}.
 *
 * <p>Wiring: construct, register {@link #tasks()} with the scheduler, then {@link #bind} the
 * scheduler (or any {@link SchedulerClient} on the same table) before it starts.
 */
public final class SpecRuns {

  private static final Logger LOG = LoggerFactory.getLogger(SpecRuns.class);

  static final TaskDescriptor<RunStep> RESEARCH =
      TaskDescriptor.of("specwright-run-research", RunStep.class);
  static final TaskDescriptor<RunStep> PLAN =
      TaskDescriptor.of("specwright-run-plan", RunStep.class);
  static final TaskDescriptor<TaskStep> DEVELOP =
      TaskDescriptor.of("specwright-run-develop", TaskStep.class);
  static final TaskDescriptor<TaskStep> PUBLISH =
      TaskDescriptor.of("specwright-run-publish", TaskStep.class);
  static final TaskDescriptor<TaskStep> REVIEW =
      TaskDescriptor.of("specwright-run-review", TaskStep.class);

  /** Replies in the review threads an attempt addressed, after its push; see replyInThreads. */
  static final TaskDescriptor<TaskStep> REPLY =
      TaskDescriptor.of("specwright-run-reply", TaskStep.class);

  static final TaskDescriptor<RunStep> STATUS =
      TaskDescriptor.of("specwright-run-status", RunStep.class);

  private final RunGitHub github;
  private final Workspaces workspaces;
  private final Agents agents;
  private final RunSettings settings;
  private final Clock clock;
  final RunRepository runs;
  final SubtaskRepository subtasks;
  final GitHubObjectRepository objects;
  final ReviewThreadRepository threads;
  private final PlanValidator planValidator = new PlanValidator();
  private final AtomicReference<SchedulerClient> client = new AtomicReference<>();
  private final Map<String, CancelToken> cancellations = new ConcurrentHashMap<>();
  private final Map<Long, Map<String, Figures>> live = new ConcurrentHashMap<>();
  private final List<Task<?>> tasks;
  private final RunControl control;

  public SpecRuns(
      DataSource dataSource,
      RunGitHub github,
      Workspaces workspaces,
      Agents agents,
      RunSettings settings,
      Clock clock) {
    this.github = github;
    this.workspaces = workspaces;
    this.agents = agents;
    this.settings = settings;
    this.clock = clock;
    this.runs = new RunRepository(dataSource, clock);
    this.subtasks = new SubtaskRepository(dataSource, clock);
    this.objects = new GitHubObjectRepository(dataSource);
    this.threads = new ReviewThreadRepository(dataSource);
    this.tasks =
        List.of(
            runTask(RESEARCH, this::research),
            runTask(PLAN, this::plan),
            taskTask(DEVELOP, this::develop),
            taskTask(PUBLISH, this::publish),
            taskTask(REVIEW, this::review),
            Tasks.oneTime(REPLY)
                .onFailure(
                    giveUpAfter(
                        REPLY.getTaskName(),
                        s ->
                            LOG.warn(
                                "gave up replying in the review threads {} addressed (run {},"
                                    + " attempt {})",
                                s.key(),
                                s.runId(),
                                s.attempt())))
                .execute((instance, ctx) -> replyInThreads(instance.getData())),
            Tasks.oneTime(STATUS)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(settings.stepRetryDelay()))
                .execute((instance, ctx) -> renderStatus(instance.getData().runId())));
    this.control = new RunControl(this);
  }

  /** The run's job types, for registration with the scheduler. */
  public List<Task<?>> tasks() {
    return tasks;
  }

  /** Connects the scheduler the steps schedule their successors on. */
  public void bind(SchedulerClient schedulerClient) {
    client.set(schedulerClient);
  }

  /** What comment commands and webhook events call. */
  public RunControl control() {
    return control;
  }

  // ---- job plumbing ------------------------------------------------------------------------

  private Task<RunStep> runTask(TaskDescriptor<RunStep> d, Consumer<RunStep> body) {
    return Tasks.oneTime(d)
        .onFailure(giveUpAfter(d.getTaskName(), s -> failRun(s.runId(), stepFailed(d))))
        .execute((instance, ctx) -> body.accept(instance.getData()));
  }

  private Task<TaskStep> taskTask(TaskDescriptor<TaskStep> d, Consumer<TaskStep> body) {
    return Tasks.oneTime(d)
        .onFailure(
            giveUpAfter(
                d.getTaskName(),
                s -> {
                  subtasks.transition(
                      s.runId(),
                      s.key(),
                      TaskState.FAILED,
                      stepFailed(d),
                      TaskState.RUNNING,
                      TaskState.REVIEWING,
                      TaskState.PUSHED);
                  advance(s.runId());
                }))
        .execute((instance, ctx) -> body.accept(instance.getData()));
  }

  private static String stepFailed(TaskDescriptor<?> d) {
    return "the " + d.getTaskName().replace("specwright-run-", "") + " step kept failing";
  }

  /**
   * Retries a failed step after the configured delay; after the last attempt it gives up and
   * records the failure, so a run never hangs on a step that cannot succeed.
   */
  private <T> FailureHandler<T> giveUpAfter(String name, Consumer<T> giveUp) {
    return (ExecutionComplete complete, ExecutionOperations<T> ops) -> {
      int failures = complete.getExecution().consecutiveFailures + 1;
      String cause = complete.getCause().map(Throwable::toString).orElse("unknown");
      if (failures >= settings.stepAttempts()) {
        LOG.warn("{} failed {} times, giving up: {}", name, failures, cause);
        ops.remove();
        @SuppressWarnings("unchecked")
        T data = (T) complete.getExecution().taskInstance.getData();
        giveUp.accept(data);
      } else {
        LOG.info("{} failed ({}), retrying: {}", name, failures, cause);
        ops.reschedule(complete, clock.instant().plus(settings.stepRetryDelay()));
      }
    };
  }

  private SchedulerClient scheduler() {
    SchedulerClient c = client.get();
    if (c == null) {
      throw new IllegalStateException("SpecRuns.bind(scheduler) was not called");
    }
    return c;
  }

  void schedule(TaskDescriptor<RunStep> d, RunStep step) {
    scheduler()
        .scheduleIfNotExists(d.instance(step.instance()).data(step).scheduledTo(clock.instant()));
  }

  void schedule(TaskDescriptor<TaskStep> d, TaskStep step) {
    scheduler()
        .scheduleIfNotExists(d.instance(step.instance()).data(step).scheduledTo(clock.instant()));
  }

  /**
   * Asks for a status-comment edit. Time is cut into buckets of {@code statusDebounce}; a request
   * schedules the render job of the next bucket boundary, by an instance id naming that bucket, so
   * all requests within one interval make one edit. A request made while a bucket's job runs falls
   * into the next bucket, so no update is lost, and edits stay at most one per interval.
   */
  void requestStatus(long runId) {
    runs.bumpStatus(runId);
    long every = Math.max(1, settings.statusDebounce().toMillis());
    long bucket = clock.millis() / every + 1;
    RunStep step = new RunStep(runId, 0);
    scheduler()
        .scheduleIfNotExists(
            STATUS
                .instance("run-" + runId + "-s" + bucket)
                .data(step)
                .scheduledTo(Instant.ofEpochMilli(bucket * every)));
  }

  // ---- research and plan -------------------------------------------------------------------

  private void research(RunStep step) {
    RunRecord run = runs.get(step.runId());
    if (run.state() != RunState.RESEARCHING) {
      return;
    }
    if (overRunCap(run)) {
      return;
    }
    if (!run.policy().steps().research()) {
      // The playbook switched research off: no researcher call, the planner works without notes.
      if (runs.transition(run.id(), RunState.PLANNING, RunState.RESEARCHING)) {
        schedule(PLAN, new RunStep(run.id(), runs.planGen(run.id())));
      }
      requestStatus(run.id());
      return;
    }
    Issue issue = github.issue(run.repo(), run.issue());
    String guidance = Prompts.guidance(guidance(run.repo()));
    Workspace ws = workspaces.prepare(run.repo(), branchRoot(run) + "research");
    AgentResult r;
    try {
      r =
          runAgent(
              run,
              Role.RESEARCHER,
              chain(run, Role.RESEARCHER, null),
              Prompts.research(new Prompts.Context(run.policy(), run.repo(), issue, guidance))
                  + setupNote(run, ws),
              ws,
              run.id(),
              null);
    } finally {
      workspaces.delete(ws);
    }
    runs.addPhase(run.id(), RunRepository.Phase.RESEARCH, Figures.of(r), model(r));
    switch (r.end()) {
      case MODEL_ERROR -> {
        failRun(run.id(), "the researcher could not reach a model: " + r.detail());
        return;
      }
      case CANCELLED -> {
        return;
      }
      default -> {}
    }
    String notes = r.text();
    if (r.end() != EndReason.FINISHED) {
      notes = "(research ended early: " + r.end().name().toLowerCase(Locale.ROOT) + ")\n" + notes;
    }
    runs.setResearchNotes(run.id(), notes);
    if (runs.transition(run.id(), RunState.PLANNING, RunState.RESEARCHING)) {
      schedule(PLAN, new RunStep(run.id(), runs.planGen(run.id())));
    }
    requestStatus(run.id());
  }

  private void plan(RunStep step) {
    RunRecord run = runs.get(step.runId());
    if (run.state() != RunState.PLANNING || step.gen() != runs.planGen(run.id())) {
      return;
    }
    if (overRunCap(run)) {
      return;
    }
    Issue issue = github.issue(run.repo(), run.issue());
    List<PlannedTask> planned =
        run.policy().steps().plan() ? askPlanner(run, issue) : List.of(wholeSpec(run, issue));
    if (planned == null) {
      return; // failed or cancelled: askPlanner has recorded it
    }
    subtasks.savePlan(run.id(), run.slug(), run.issue(), planned);
    runs.setPlan(run.id(), RunJson.write(planned));
    RunRecord now = runs.get(run.id());
    CommentRef plan =
        github.upsertComment(
            run.repo(),
            run.issue(),
            Markers.plan(run.id()),
            StatusReport.plan(now, subtasks.list(run.id())));
    objects.record(run.id(), "plan", "comment", plan.id(), plan.url());
    if (!run.policy().steps().implement()) {
      // A plan-only playbook: the plan comment is the result; no developer, no branch, no PR.
      if (runs.transition(run.id(), RunState.DONE, RunState.PLANNING)) {
        notice(
            run,
            "plan-only",
            "The playbook `"
                + run.policy().origin().playbook()
                + "` runs no developers (`steps.implement` is off): the plan above is this run's"
                + " result.");
      }
      requestStatus(run.id());
      return;
    }
    if (run.policy().subIssues()) {
      for (Subtask t : subtasks.list(run.id())) {
        if (t.subIssue() == null && t.state() != TaskState.MERGED) {
          int n =
              github.ensureSubIssue(
                  run.repo(),
                  run.issue(),
                  Markers.subIssue(run.id(), t.key()),
                  t.title(),
                  Markers.subIssue(run.id(), t.key())
                      + "\n"
                      + t.description()
                      + "\n\nPart of #"
                      + run.issue());
          subtasks.setSubIssue(run.id(), t.key(), n);
          objects.record(run.id(), "sub-issue:" + t.key(), "issue", n, null);
        }
      }
    }
    RunState next =
        run.policy().planApprovalRequired() ? RunState.AWAITING_APPROVAL : RunState.IMPLEMENTING;
    runs.transition(run.id(), next, RunState.PLANNING);
    advance(run.id());
  }

  /**
   * Asks the planner, and sends an invalid answer (schema, graph or the playbook's plan rules) back
   * once with its errors. Null when the run failed or was cancelled meanwhile.
   */
  private List<PlannedTask> askPlanner(RunRecord run, Issue issue) {
    String guidance = Prompts.guidance(guidance(run.repo()));
    String prompt =
        Prompts.plan(
            new Prompts.Context(run.policy(), run.repo(), issue, guidance), run.researchNotes());
    List<ModelRef> models = chain(run, Role.PLANNER, null);
    // A planner with tools reads a checkout of the default branch; one without works from the
    // notes.
    Workspace ws =
        run.policy().tools(Role.PLANNER).isEmpty()
            ? null
            : workspaces.prepare(run.repo(), branchRoot(run) + "plan");
    try {
      return planRounds(run, ws == null ? prompt : prompt + setupNote(run, ws), models, ws);
    } finally {
      if (ws != null) {
        workspaces.delete(ws);
      }
    }
  }

  private List<PlannedTask> planRounds(
      RunRecord run, String prompt, List<ModelRef> models, Workspace ws) {
    PlanValidator.Result result = null;
    String answer = null;
    for (int round = 0; round < 2; round++) {
      String text = round == 0 ? prompt : Prompts.planAgain(prompt, answer, errors(result));
      AgentResult r = runAgent(run, Role.PLANNER, models, text, ws, run.id(), null);
      runs.addPhase(run.id(), RunRepository.Phase.PLANNING, Figures.of(r), model(r));
      if (r.end() == EndReason.CANCELLED) {
        return null;
      }
      if (r.end() == EndReason.MODEL_ERROR) {
        failRun(run.id(), "the planner could not reach a model: " + r.detail());
        return null;
      }
      answer = r.text();
      result = planValidator.validate(answer, run.policy().planRules());
      if (result instanceof PlanValidator.Accepted) {
        break;
      }
    }
    if (result instanceof PlanValidator.Rejected rejected) {
      failRun(
          run.id(),
          "the planner's answer was not a valid plan, twice. Errors in the second answer: "
              + String.join("; ", rejected.errors()));
      return null;
    }
    return ((PlanValidator.Accepted) result).tasks();
  }

  /**
   * The plan when the playbook switches planning off: one subtask made from the issue itself, its
   * description the spec as the agents see it (cleaned, untrusted parts quoted).
   */
  static PlannedTask wholeSpec(RunRecord run, Issue issue) {
    return new PlannedTask(
        "spec",
        UntrustedText.clean(issue.title()).strip(),
        Prompts.spec(issue).strip(),
        List.of("everything the spec (issue #" + run.issue() + ") asks for is done"),
        List.of(),
        List.of());
  }

  private static List<String> errors(PlanValidator.Result r) {
    return r instanceof PlanValidator.Rejected rej ? rej.errors() : List.of();
  }

  private Map<String, String> guidance(RepoRef repo) {
    Map<String, String> files = new LinkedHashMap<>();
    for (String path : Prompts.GUIDANCE_FILES) {
      github.readFile(repo, path).filter(s -> !s.isBlank()).ifPresent(s -> files.put(path, s));
    }
    return files;
  }

  // ---- scheduling subtasks -----------------------------------------------------------------

  /**
   * The deterministic heart: under the run's lock, blocks subtasks behind failed dependencies,
   * makes ready those whose dependencies are merged (or pushed, by policy), and fills the free
   * agent slots — QA reviews first, then revisions, then new subtasks. Then (re)schedules the job
   * of every busy subtask by its stable instance id, so a step that crashed after the state change
   * and before scheduling is healed on the next call.
   */
  void advance(long runId) {
    record Start(TaskDescriptor<TaskStep> d, TaskStep step) {}
    List<Start> starts = new ArrayList<>();
    RunState[] finalState = {null};
    runs.locked(
        runId,
        c -> {
          starts.clear(); // the work may run again on SQLite (busy snapshot): start afresh
          finalState[0] = null;
          RunRecord run =
              Jdbc.query(c, "SELECT * FROM runs WHERE id = ?", RunRepository::map, runId)
                  .getFirst();
          if (run.state() != RunState.IMPLEMENTING && run.state() != RunState.REVIEWING) {
            return null;
          }
          List<Subtask> list = SubtaskRepository.list(c, runId);
          Map<String, Subtask> byKey = new LinkedHashMap<>();
          list.forEach(t -> byKey.put(t.key(), t));
          for (Subtask t : list) {
            if (t.state() != TaskState.PENDING
                && t.state() != TaskState.READY
                && t.state() != TaskState.BLOCKED) {
              continue;
            }
            Optional<Subtask> bad =
                t.dependsOn().stream()
                    .map(byKey::get)
                    .filter(d -> d != null && d.state().blocksDependents())
                    .findFirst();
            TaskState to;
            String reason = null;
            if (bad.isPresent()) {
              to = TaskState.BLOCKED;
              reason = "blocked by " + bad.get().key() + " (" + bad.get().state().label() + ")";
            } else if (t.dependsOn().stream()
                .map(byKey::get)
                .allMatch(d -> d == null || satisfied(run.policy(), d))) {
              to = TaskState.READY;
            } else {
              to = TaskState.PENDING;
            }
            if (to != t.state()) {
              SubtaskRepository.setState(c, runId, t.key(), to, reason);
            }
          }
          list = SubtaskRepository.list(c, runId);
          long busy = list.stream().filter(t -> t.state().busy()).count();
          long slots = run.policy().concurrency() - busy;
          for (TaskState wanted :
              List.of(TaskState.PUSHED, TaskState.CHANGES_REQUESTED, TaskState.READY)) {
            for (Subtask t : list) {
              if (slots <= 0 || t.state() != wanted) {
                continue;
              }
              if (wanted == TaskState.PUSHED && t.prNumber() == null) {
                continue; // its publish step advances again once the PR exists
              }
              if (wanted == TaskState.PUSHED && !run.policy().steps().review()) {
                continue; // no QA review: its publish step hands it to the human
              }
              if (wanted == TaskState.PUSHED) {
                SubtaskRepository.setState(c, runId, t.key(), TaskState.REVIEWING, null);
              } else {
                SubtaskRepository.startAttempt(c, runId, t.key());
              }
              slots--;
            }
          }
          list = SubtaskRepository.list(c, runId);
          for (Subtask t : list) {
            if (t.state() == TaskState.RUNNING) {
              starts.add(new Start(DEVELOP, new TaskStep(runId, t.key(), t.attempts())));
            } else if (t.state() == TaskState.REVIEWING) {
              starts.add(new Start(REVIEW, new TaskStep(runId, t.key(), t.attempts())));
            }
          }
          RunState next = runStateFor(list);
          if (next != run.state()) {
            setRunState(c, runId, next);
            finalState[0] = next;
          }
          return null;
        });
    for (Start s : starts) {
      schedule(s.d(), s.step());
    }
    if (finalState[0] == RunState.DONE) {
      RunRecord run = runs.get(runId);
      notice(run, "done", "Every subtask of #" + run.issue() + " is merged. The run is done.");
    }
    requestStatus(runId);
  }

  private static boolean satisfied(RunPolicy policy, Subtask dep) {
    return dep.state() == TaskState.MERGED
        || (policy.startWhenDependenciesPushed() && dep.state().pushed());
  }

  private static RunState runStateFor(List<Subtask> list) {
    List<Subtask> counted = list.stream().filter(t -> t.state() != TaskState.CANCELLED).toList();
    if (!counted.isEmpty() && counted.stream().allMatch(t -> t.state() == TaskState.MERGED)) {
      return RunState.DONE;
    }
    boolean working =
        list.stream()
            .anyMatch(
                t ->
                    switch (t.state()) {
                      case READY, RUNNING, PUSHED, REVIEWING, CHANGES_REQUESTED -> true;
                      default -> false;
                    });
    return working ? RunState.IMPLEMENTING : RunState.REVIEWING;
  }

  private void setRunState(Connection c, long runId, RunState state) throws SQLException {
    Jdbc.update(
        c, "UPDATE runs SET state = ?, updated_at = ? WHERE id = ?", state, clock.millis(), runId);
  }

  // ---- develop, publish, review ------------------------------------------------------------

  private void develop(TaskStep step) {
    RunRecord run = runs.get(step.runId());
    Subtask task = subtasks.get(step.runId(), step.key());
    if (run.state().isFinal()
        || task.state() != TaskState.RUNNING
        || task.attempts() != step.attempt()) {
      return; // a replay of a step whose outcome is already recorded, or a cancelled one
    }
    if (overRunCap(run) || overTaskCap(run, task)) {
      advance(run.id());
      return;
    }
    List<SubtaskRepository.EndedAttempt> log = subtasks.attemptLog(run.id(), task.key());
    List<ModelRef> models = developerModels(run, task, log);
    Issue issue = github.issue(run.repo(), run.issue());
    String guidance = Prompts.guidance(guidance(run.repo()));
    // A person's review threads, with the ids the developer answers them by.
    List<ReviewThread> open = threads.openThreads(run.id(), task.key());
    String revision =
        open.isEmpty()
            ? task.revisionNotes()
            : Objects.requireNonNullElse(task.revisionNotes(), "") + Prompts.threads(open);
    Workspace ws = workspaces.prepare(run.repo(), task.branch());
    try {
      // A result from an earlier push must not be shown with this attempt's work.
      subtasks.setTestResult(run.id(), task.key(), null);
      Optional<String> setupFailed = setup(run, ws);
      if (setupFailed.isPresent()) {
        failTask(run, task, setupFailed.get());
        return;
      }
      AgentResult r =
          runAgent(
              run,
              Role.DEVELOPER,
              models,
              Prompts.develop(
                  new Prompts.Context(run.policy(), run.repo(), issue, guidance),
                  subtasks.list(run.id()),
                  task,
                  revision,
                  log.isEmpty() ? null : task.reason()),
              ws,
              run.id(),
              task.key());
      Map<Long, String> replies = Map.of();
      Set<Long> given = open.stream().map(ReviewThread::threadId).collect(Collectors.toSet());
      if (!open.isEmpty() && r.end() == EndReason.FINISHED) {
        RevisionAnswer answer = RevisionAnswer.parse(r.text(), given);
        replies = answer.replies();
        r = withText(r, answer.summary());
      }
      subtasks.addFigures(run.id(), task.key(), Figures.of(r), model(r));
      TaskState now = subtasks.get(run.id(), task.key()).state();
      if (now == TaskState.MERGED || now == TaskState.ABANDONED) {
        return; // the human closed the PR meanwhile: nothing more goes to that branch
      }
      String message = commitMessage(run, task, r);
      Optional<String> commit = workspaces.commitAll(ws, message);
      boolean hasWork = commit.isPresent() || !workspaces.diff(ws).isBlank();
      String summary = GitHubText.inert(UntrustedText.clean(r.text()));
      if (r.end() == EndReason.FINISHED) {
        if (!hasWork) {
          failTask(
              run, task, "the developer finished without changing anything: " + oneLine(summary));
          return;
        }
        // After the commit, so that what the tests build is never committed.
        runTests(run, ws).ifPresent(t -> subtasks.setTestResult(run.id(), task.key(), t));
        if (!push(run, task, ws, summary, false)) {
          return;
        }
        if (!open.isEmpty()) {
          // Posted by the publish step, after the push, so a replay posts each reply once.
          threads.answer(run.id(), task.key(), step.attempt(), given, replies);
        }
        subtasks.setFailures(run.id(), task.key(), 0);
        subtasks.transition(run.id(), task.key(), TaskState.PUSHED, null, TaskState.RUNNING);
        schedule(PUBLISH, step);
        return;
      }
      // No lost work: whatever the attempt changed goes to the branch as an incomplete draft.
      String why = endText(r);
      if (hasWork && push(run, task, ws, summary + "\n\n**Incomplete:** " + why, true)) {
        schedule(PUBLISH, step);
      }
      if (r.end() == EndReason.CANCELLED) {
        return; // the canceller has set the state
      }
      ModelRef ranOn = r.modelUsed() != null ? r.modelUsed() : models.getFirst();
      SubtaskRepository.EndedAttempt ended =
          new SubtaskRepository.EndedAttempt(ranOn.toString(), r.end().name());
      subtasks.addFailedAttempt(run.id(), task.key(), ended);
      Subtask after = subtasks.get(run.id(), task.key());
      if (overTaskCap(run, after)) {
        return;
      }
      List<SubtaskRepository.EndedAttempt> history = new ArrayList<>(log);
      history.add(ended);
      if (strategy(run, task).next(ended(history)) instanceof AttemptStrategy.Next.Attempt a) {
        subtasks.transition(
            run.id(), task.key(), TaskState.READY, why + "; " + a.why(), TaskState.RUNNING);
      } else {
        TaskState end = r.end() == EndReason.STUCK ? TaskState.STUCK : TaskState.FAILED;
        subtasks.transition(run.id(), task.key(), end, why, TaskState.RUNNING);
        updateCheck(run, subtasks.get(run.id(), task.key()));
      }
    } finally {
      workspaces.delete(ws);
      Map<String, Figures> m = live.get(run.id());
      if (m != null) {
        m.remove(task.key());
      }
      advance(run.id());
    }
  }

  private boolean push(
      RunRecord run, Subtask task, Workspace ws, String summary, boolean incomplete) {
    try {
      String sha = workspaces.push(ws);
      subtasks.setPushed(run.id(), task.key(), ws.baseBranch(), sha, summary, incomplete);
      return true;
    } catch (PushRejectedException e) {
      failTask(run, task, "the push was rejected: " + oneLine(e.getMessage()));
      return false;
    }
  }

  /**
   * The playbook's strategies along the subtask's model chain: restarts on stuck, moving down the
   * chain after an ending in {@code fallback_on}, at most {@code max_attempts} attempts a round.
   */
  private AttemptStrategy strategy(RunRecord run, Subtask task) {
    RunPolicy p = run.policy();
    return new AttemptStrategy(
        new Strategies(p.restartsOnStuck(), p.fallbackOn(), p.maxAttempts(), p.reviewRounds()),
        chain(run, Role.DEVELOPER, task));
  }

  private static List<AttemptStrategy.Ended> ended(List<SubtaskRepository.EndedAttempt> log) {
    return log.stream()
        .map(
            e ->
                new AttemptStrategy.Ended(
                    ModelRef.parse(e.model()), AttemptStrategy.Ending.valueOf(e.ending())))
        .toList();
  }

  /**
   * The models of the next developer attempt: the model the strategy chose first, then (only when
   * {@code fallback_on} has {@code model_error}) the rest of the chain, which the agents move down
   * inside the attempt when a provider fails for good.
   */
  private List<ModelRef> developerModels(
      RunRecord run, Subtask task, List<SubtaskRepository.EndedAttempt> log) {
    List<ModelRef> base = chain(run, Role.DEVELOPER, task);
    ModelRef first =
        strategy(run, task).next(ended(log)) instanceof AttemptStrategy.Next.Attempt a
            ? a.model()
            : base.getLast();
    if (!run.policy().fallbackOn().contains(FallbackTrigger.MODEL_ERROR)) {
      return List.of(first);
    }
    int at = base.indexOf(first);
    return at < 0 ? List.of(first) : base.subList(at, base.size());
  }

  /**
   * Runs the setup commands in a researcher's or reviewer's workspace. Their failure does not stop
   * a survey or a review; the agent is told, so that it does not trust a test run that could not
   * work.
   */
  private String setupNote(RunRecord run, Workspace ws) {
    return setup(run, ws)
        .map(why -> "\n\n# Note from Specwright\n\n" + why + "; commands that need it may fail.")
        .orElse("");
  }

  /** Runs the setup commands in the workspace; the reason when one fails. */
  private Optional<String> setup(RunRecord run, Workspace ws) {
    for (String command : run.policy().commands().setup()) {
      Agents.CommandOutcome o = command(run, ws, command);
      if (!o.passed()) {
        return Optional.of(
            "the setup command `"
                + command
                + "` failed ("
                + (o.timedOut() ? "timed out" : "exit " + o.exitCode())
                + "): "
                + GitHubText.inert(oneLine(Agents.CommandOutcome.tail(o.tail(), 300))));
      }
    }
    return Optional.empty();
  }

  /**
   * Runs the repository's test command after the developer finished; the result (passed or failed,
   * and the output's tail) for the PR body and the reviewer. Empty with no test command.
   */
  private Optional<String> runTests(RunRecord run, Workspace ws) {
    Optional<String> test = run.policy().commands().testCommand();
    if (test.isEmpty()) {
      return Optional.empty();
    }
    Agents.CommandOutcome o = command(run, ws, test.get());
    String head =
        (o.passed() ? "**passed**" : "**failed**")
            + ": `"
            + test.get().replace('`', '\'')
            + "` "
            + (o.timedOut() ? "timed out" : "exited " + o.exitCode());
    // The output goes into the PR body: no mention or closing keyword in it may act on GitHub.
    String tail =
        GitHubText.inert(Agents.CommandOutcome.tail(o.tail(), 1500)).replace("```", "'''");
    head = GitHubText.inert(head);
    return Optional.of(tail.isBlank() ? head : head + "\n\n```\n" + tail + "\n```");
  }

  private Agents.CommandOutcome command(RunRecord run, Workspace ws, String command) {
    try {
      return agents.runCommand(
          ws.dir(), command, run.policy().budgets().get(Role.DEVELOPER).maxWall());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running `" + command + "`", e);
    }
  }

  private static String endText(AgentResult r) {
    String base =
        switch (r.end()) {
          case BUDGET_EXHAUSTED -> "the attempt ran out of budget";
          case STUCK -> "the agent was stuck";
          case MODEL_ERROR -> "no model answered";
          case CANCELLED -> "cancelled";
          case FINISHED -> "finished";
        };
    return r.detail() == null || r.detail().isBlank()
        ? base
        : base + " (" + oneLine(r.detail()) + ")";
  }

  private String commitMessage(RunRecord run, Subtask task, AgentResult r) {
    // closing keywords in a commit message close issues on merge: the agent's text is made inert
    String summary = GitHubText.inert(UntrustedText.clean(r.text()));
    StringBuilder b =
        new StringBuilder(task.key()).append(": ").append(task.title()).append("\n\n");
    if (!summary.isBlank()) {
      b.append(summary).append("\n\n");
    }
    if (r.end() != EndReason.FINISHED) {
      b.append("Incomplete: ").append(endText(r)).append("\n\n");
    }
    b.append("Part of #").append(run.issue());
    return b.toString();
  }

  private void publish(TaskStep step) {
    RunRecord run = runs.get(step.runId());
    Subtask task = subtasks.get(step.runId(), step.key());
    if (task.headSha() == null
        || task.baseBranch() == null
        || task.state() == TaskState.MERGED
        || task.state() == TaskState.ABANDONED) {
      return;
    }
    boolean draft = task.incomplete();
    String title = (draft ? "[incomplete] " : "") + task.key() + ": " + task.title();
    PullRequestRef pr =
        github.upsertPullRequest(
            run.repo(),
            new PullRequestSpec(task.branch(), task.baseBranch(), title, prBody(run, task), draft));
    subtasks.setPullRequest(run.id(), task.key(), pr.number());
    objects.record(run.id(), "pr:" + task.key(), "pull_request", pr.number(), pr.url());
    if (!run.policy().steps().review()) {
      // The playbook switched QA review off: the PR waits for the human straight away.
      subtasks.transition(run.id(), task.key(), TaskState.IN_REVIEW, null, TaskState.PUSHED);
    }
    updateCheck(run, subtasks.get(run.id(), task.key()));
    if (!threads.unposted(run.id(), task.key(), step.attempt()).isEmpty()) {
      schedule(REPLY, step);
    }
    advance(run.id());
  }

  /**
   * Replies in each review thread the attempt addressed, once: the reply carries a marker per
   * thread and attempt, and the port finds it before posting. A reply GitHub refuses for good (the
   * thread was deleted, say) is logged and skipped. A failure that may pass (a 5xx, a lost
   * connection) fails this step of its own, which runs again and replies in the threads still
   * unanswered; when it gives up, the subtask's pushed work stands all the same.
   */
  private void replyInThreads(TaskStep step) {
    RunRecord run = runs.get(step.runId());
    Subtask task = subtasks.get(step.runId(), step.key());
    Integer pullRequest = task.prNumber();
    int attempt = step.attempt();
    if (pullRequest == null) {
      return;
    }
    for (ReviewThreadRepository.Row row : threads.unposted(run.id(), task.key(), attempt)) {
      long thread = row.thread().threadId();
      String marker = Markers.reply(run.id(), task.key(), attempt, thread);
      String sha = task.headSha() == null ? "" : task.headSha();
      String body =
          marker
              + "\nAddressed in "
              + sha.substring(0, Math.min(7, sha.length()))
              + ": "
              + GitHubText.inert(UntrustedText.clean(row.reply()));
      Optional<CommentRef> c = github.replyInThread(run.repo(), pullRequest, thread, marker, body);
      if (c.isPresent()) {
        threads.posted(run.id(), task.key(), thread, c.get().id());
      } else {
        LOG.warn("GitHub refused a reply in thread {} of {}#{}", thread, run.repo(), pullRequest);
      }
    }
  }

  private String prBody(RunRecord run, Subtask task) {
    StringBuilder b = new StringBuilder();
    if (task.incomplete()) {
      b.append("> [!WARNING]\n> This pull request is **incomplete**: the agent stopped before")
          .append(" finishing. Its work so far is kept here.\n\n");
    }
    b.append("## ").append(task.key()).append(": ").append(task.title()).append("\n\n");
    b.append(task.description()).append("\n\n### Acceptance criteria\n\n");
    task.acceptanceCriteria().forEach(a -> b.append("- [ ] ").append(a).append('\n'));
    b.append("\n### What the agent did\n\n")
        .append(
            task.summary() == null || task.summary().isBlank() ? "(no summary)" : task.summary())
        .append("\n\n");
    subtasks
        .testResult(run.id(), task.key())
        .ifPresent(t -> b.append("### Tests run by Specwright\n\n").append(t).append("\n\n"));
    b.append("### Figures\n\n");
    Figures f = task.figures();
    b.append("model `")
        .append(task.model())
        .append("` · attempts ")
        .append(task.attempts())
        .append(" · iterations ")
        .append(f.iterations())
        .append(" · tokens ")
        .append(StatusReport.tokens(f.usage()))
        .append(" · cost ")
        .append(f.cost())
        .append(" · wall time ")
        .append(StatusReport.wall(f.wall()))
        .append("\n\nPart of #")
        .append(run.issue());
    if (task.subIssue() != null) {
      b.append("\n\nCloses #").append(task.subIssue());
    }
    return b.toString();
  }

  private void review(TaskStep step) {
    RunRecord run = runs.get(step.runId());
    Subtask task = subtasks.get(step.runId(), step.key());
    if (run.state().isFinal()
        || task.state() != TaskState.REVIEWING
        || task.attempts() != step.attempt()
        || task.prNumber() == null) {
      return;
    }
    Workspace ws = workspaces.prepare(run.repo(), task.branch());
    try {
      String diff = workspaces.diff(ws);
      String guidance = Prompts.guidance(guidance(run.repo()));
      AgentResult r =
          runAgent(
              run,
              Role.REVIEWER,
              chain(run, Role.REVIEWER, null),
              Prompts.review(
                      new Prompts.Context(
                          run.policy(),
                          run.repo(),
                          github.issue(run.repo(), run.issue()),
                          guidance),
                      subtasks.list(run.id()),
                      task,
                      diff,
                      subtasks.testResult(run.id(), task.key()).orElse(null))
                  + setupNote(run, ws),
              ws,
              run.id(),
              null);
      runs.addPhase(run.id(), RunRepository.Phase.REVIEW, Figures.of(r), model(r));
      if (r.end() != EndReason.FINISHED) {
        subtasks.transition(
            run.id(),
            task.key(),
            TaskState.IN_REVIEW,
            "QA review did not finish (" + endText(r) + "); waiting for a human",
            TaskState.REVIEWING);
        return;
      }
      ReviewVerdict v = ReviewVerdict.parse(r.text(), diff);
      String marker = Markers.review(run.id(), task.key(), step.attempt());
      String body =
          marker
              + "\n**Specwright QA review** (model `"
              + model(r)
              + "`)\n\n"
              + GitHubText.inert(v.body());
      var ref =
          github.ensureReview(run.repo(), task.prNumber(), marker, v.event(), body, v.comments());
      objects.record(
          run.id(), "review:" + task.key() + ":" + step.attempt(), "review", ref.id(), ref.url());
      if (v.event() == ReviewEvent.REQUEST_CHANGES
          && task.reviewRounds() < run.policy().reviewRounds()) {
        subtasks.setRevision(
            run.id(),
            task.key(),
            Prompts.revisionNotes("the QA agent", v.body(), v.comments()),
            true);
        subtasks.transition(
            run.id(),
            task.key(),
            TaskState.CHANGES_REQUESTED,
            "QA requested changes",
            TaskState.REVIEWING);
      } else {
        String reason =
            v.event() == ReviewEvent.REQUEST_CHANGES
                ? "QA still requests changes after "
                    + task.reviewRounds()
                    + " rounds; a human decides"
                : null;
        subtasks.transition(run.id(), task.key(), TaskState.IN_REVIEW, reason, TaskState.REVIEWING);
      }
    } finally {
      workspaces.delete(ws);
      updateCheck(run, subtasks.get(run.id(), task.key()));
      advance(run.id());
    }
  }

  // ---- agents, models, caps ----------------------------------------------------------------

  private AgentResult runAgent(
      RunRecord run,
      Role role,
      List<ModelRef> models,
      String text,
      Workspace ws,
      long runId,
      String key) {
    CancelToken token = new CancelToken(() -> stillWanted(runId, role, key), clock);
    String tokenKey = runId + "/" + (key == null ? role.label() : key);
    cancellations.put(tokenKey, token);
    Agents.Listener listener =
        key == null
            ? Agents.Listener.NONE
            : (iterations, usage, cost) -> {
              live.computeIfAbsent(runId, k -> new ConcurrentHashMap<>())
                  .put(key, new Figures(iterations, usage, cost, java.time.Duration.ZERO));
              requestStatus(runId);
            };
    try {
      RunPolicy p = run.policy();
      return agents.run(
          new AgentTask(
              role,
              models,
              Prompts.instructions(role),
              text,
              ws == null ? null : ws.dir(),
              p.budgets().get(role),
              new Agents.Equipment(
                  p.tools(role).stream().map(AgentTool::key).collect(Collectors.toSet()),
                  p.commands().test(),
                  p.protectedPaths(),
                  p.workflowsWritable())),
          listener,
          token);
    } finally {
      cancellations.remove(tokenKey, token);
    }
  }

  /**
   * Whether the stored state still wants this agent: the run is not final, and a developer's
   * subtask is still running (a reviewer's still reviewing). Polled by {@link CancelToken} so that
   * a cancel made on another replica, a re-plan or a merge stops the agent too.
   */
  private boolean stillWanted(long runId, Role role, String key) {
    RunRecord run = runs.get(runId);
    if (run.state().isFinal()) {
      return false;
    }
    return switch (role) {
      case RESEARCHER -> run.state() == RunState.RESEARCHING;
      case PLANNER -> run.state() == RunState.PLANNING;
      case DEVELOPER -> key == null || subtasks.get(runId, key).state() == TaskState.RUNNING;
      case REVIEWER -> true;
    };
  }

  /**
   * The model chain for an attempt: the subtask's or role's override first, then the policy's
   * chain. Where a subtask's attempts go along it is {@link #strategy}'s to decide.
   */
  List<ModelRef> chain(RunRecord run, Role role, Subtask task) {
    List<ModelRef> base = run.overrides().chain(run.policy(), role);
    if (task != null && task.modelOverride() != null) {
      ModelRef o = ModelRef.parse(task.modelOverride());
      List<ModelRef> m = new ArrayList<>();
      m.add(o);
      base.stream().filter(x -> !x.equals(o)).forEach(m::add);
      base = m;
    }
    return base;
  }

  private static AgentResult withText(AgentResult r, String text) {
    return new AgentResult(
        r.end(), text, r.iterations(), r.usage(), r.cost(), r.wall(), r.modelUsed(), r.detail());
  }

  private static String model(AgentResult r) {
    return r.modelUsed() == null ? null : r.modelUsed().toString();
  }

  private Figures runTotal(long runId) {
    return StatusReport.total(subtasks.list(runId), runs.phases(runId));
  }

  private boolean overRunCap(RunRecord run) {
    BigDecimal cap = run.policy().runCostCapUsd();
    if (cap == null) {
      return false;
    }
    Cost spent = runTotal(run.id()).cost();
    if (spent.usd().compareTo(cap) < 0) {
      return false;
    }
    String why =
        "the run's cost cap of $" + cap.toPlainString() + " is reached (spent " + spent + ")";
    for (Subtask t : subtasks.list(run.id())) {
      if (!t.state().blocksDependents()
          && t.state() != TaskState.MERGED
          && t.state() != TaskState.IN_REVIEW) {
        subtasks.transition(run.id(), t.key(), TaskState.CANCELLED, why, t.state());
        cancelAgent(run.id(), t.key());
      }
    }
    notice(
        run,
        "run-cap",
        "Specwright stopped this run: " + why + ". Raise the cap and `/retry` to continue.");
    failRun(run.id(), why);
    return true;
  }

  private boolean overTaskCap(RunRecord run, Subtask task) {
    BigDecimal cap = run.policy().taskCostCapUsd();
    if (cap == null || task.figures().cost().usd().compareTo(cap) < 0) {
      return false;
    }
    String why =
        "the subtask's cost cap of $"
            + cap.toPlainString()
            + " is reached (spent "
            + task.figures().cost()
            + ")";
    subtasks.transition(
        run.id(), task.key(), TaskState.FAILED, why, TaskState.RUNNING, TaskState.READY);
    notice(
        run,
        "task-cap:" + task.key(),
        "Specwright stopped subtask **" + task.key() + "**: " + why + ".");
    updateCheck(run, subtasks.get(run.id(), task.key()));
    return true;
  }

  // ---- outcomes and notices ----------------------------------------------------------------

  void failTask(RunRecord run, Subtask task, String reason) {
    subtasks.transition(run.id(), task.key(), TaskState.FAILED, reason, TaskState.RUNNING);
    updateCheck(run, subtasks.get(run.id(), task.key()));
  }

  void failRun(long runId, String reason) {
    if (runs.fail(runId, reason)) {
      RunRecord run = runs.get(runId);
      notice(
          run,
          "failed",
          "Specwright could not finish this run: "
              + reason
              + "\n\nFix the cause and comment `/retry`.");
    }
    requestStatus(runId);
  }

  /** A one-off comment on the issue, at most one per {@code what} per run. */
  void notice(RunRecord run, String what, String text) {
    String marker = Markers.notice(run.id(), what);
    CommentRef c = github.upsertComment(run.repo(), run.issue(), marker, marker + "\n" + text);
    objects.record(run.id(), "notice:" + what, "comment", c.id(), c.url());
  }

  void updateCheck(RunRecord run, Subtask task) {
    if (task.headSha() == null) {
      return;
    }
    String status;
    Optional<String> conclusion;
    switch (task.state()) {
      case MERGED, IN_REVIEW -> {
        status = "completed";
        conclusion = Optional.of(task.incomplete() ? "neutral" : "success");
      }
      case FAILED, STUCK -> {
        status = "completed";
        conclusion = Optional.of("failure");
      }
      case CANCELLED, ABANDONED, BLOCKED -> {
        status = "completed";
        conclusion = Optional.of("cancelled");
      }
      default -> {
        status = "in_progress";
        conclusion = Optional.empty();
      }
    }
    // Links to the status comment on the issue (GitHub Enterprise URLs come from the port). The
    // status render is debounced, so a fast subtask can reach its first check run before it: then
    // the comment is made now, and the check run never goes out without its link.
    String detailsUrl = statusUrl(run.id());
    if (detailsUrl == null) {
      renderStatus(run.id());
      detailsUrl = statusUrl(run.id());
    }
    github.upsertCheckRun(
        run.repo(),
        task.headSha(),
        new CheckRunSpec(
            "Specwright",
            status,
            conclusion,
            task.key() + ": " + task.state().label(),
            "Subtask **"
                + task.key()
                + "** of #"
                + run.issue()
                + " is "
                + task.state().label()
                + (task.reason() == null ? "" : ": " + task.reason())
                + ".",
            detailsUrl));
  }

  private String statusUrl(long runId) {
    return objects
        .find(runId, "status")
        .map(GitHubObjectRepository.GitHubObject::url)
        .filter(u -> !u.isBlank())
        .orElse(null);
  }

  private final Map<Long, Object> statusLocks = new ConcurrentHashMap<>();

  /** Renders and edits the status comment; renders of one run never overlap in this process. */
  private void renderStatus(long runId) {
    synchronized (statusLocks.computeIfAbsent(runId, k -> new Object())) {
      RunRecord run = runs.get(runId);
      String body =
          StatusReport.status(
              run, subtasks.list(runId), runs.phases(runId), live.getOrDefault(runId, Map.of()));
      CommentRef c = github.upsertComment(run.repo(), run.issue(), Markers.status(runId), body);
      objects.record(runId, "status", "comment", c.id(), c.url());
    }
  }

  /** Renders the status comment now (for {@code /status}); returns its URL. */
  String renderStatusNow(long runId) {
    renderStatus(runId);
    return objects.find(runId, "status").map(GitHubObjectRepository.GitHubObject::url).orElse(null);
  }

  // ---- cancellation ------------------------------------------------------------------------

  /** Signals a running agent of this run (a subtask key, or a role label) to stop. */
  void cancelAgent(long runId, String keyOrRole) {
    CancelToken t = cancellations.get(runId + "/" + keyOrRole);
    if (t != null) {
      t.cancel();
    }
  }

  void cancelAll(long runId) {
    String prefix = runId + "/";
    cancellations.forEach(
        (k, t) -> {
          if (k.startsWith(prefix)) {
            t.cancel();
          }
        });
  }

  private String branchRoot(RunRecord run) {
    return "specwright/" + run.issue() + "-" + run.slug() + "/";
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip().replace('\n', ' ');
    return t.length() > 300 ? t.substring(0, 300) + "…" : t;
  }

  RunSettings settings() {
    return settings;
  }

  RunGitHub github() {
    return github;
  }

  /**
   * A cancellation flag an agent loop polls, with callbacks to interrupt a blocking call. Set at
   * once by a cancel in this process; otherwise the stored state is checked at most once a second.
   */
  static final class CancelToken implements Agents.Cancellation {
    private static final long CHECK_EVERY_MS = 1000;
    private volatile boolean cancelled;
    private volatile long lastCheck;
    private final java.util.function.BooleanSupplier stillWanted;
    private final Clock clock;
    private final List<Runnable> actions = new java.util.concurrent.CopyOnWriteArrayList<>();

    CancelToken(java.util.function.BooleanSupplier stillWanted, Clock clock) {
      this.stillWanted = stillWanted;
      this.clock = clock;
      this.lastCheck = clock.millis();
    }

    void cancel() {
      cancelled = true;
      actions.forEach(Runnable::run);
    }

    @Override
    public boolean isCancelled() {
      if (cancelled) {
        return true;
      }
      long now = clock.millis();
      if (now - lastCheck >= CHECK_EVERY_MS) {
        lastCheck = now;
        try {
          if (!stillWanted.getAsBoolean()) {
            cancel();
          }
        } catch (RuntimeException e) {
          LOG.debug("cancellation check failed; the agent goes on", e);
        }
      }
      return cancelled;
    }

    @Override
    public void onCancel(Runnable action) {
      actions.add(action);
      if (cancelled) {
        action.run();
      }
    }
  }
}
