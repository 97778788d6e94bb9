package dev.specwright.command.github;

import dev.specwright.command.CommandRefused;
import dev.specwright.command.HumanLoop;
import dev.specwright.command.HumanReview;
import dev.specwright.command.ReviewComment;
import dev.specwright.command.Role;
import dev.specwright.command.RunCommands;
import dev.specwright.command.RunRef;
import dev.specwright.command.TaskLookup;
import dev.specwright.command.TaskRef;
import dev.specwright.llm.ModelRef;
import dev.specwright.run.RepoRef;
import dev.specwright.run.ReviewThread;
import dev.specwright.run.RunControl;
import dev.specwright.run.RunControl.Result;
import dev.specwright.run.RunRecord;
import dev.specwright.run.Subtask;
import dev.specwright.run.TaskState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command layer's run ports on {@link RunControl}: a refused {@link Result} becomes {@link
 * CommandRefused} with the run's own message, which is written for the person who asked.
 */
public final class RunControlPorts implements TaskLookup, RunCommands, HumanLoop {

  private static final Pattern BRANCH = Pattern.compile("specwright/(\\d+)-[^/]*/(.+)");

  private final RunControl control;

  public RunControlPorts(RunControl control) {
    this.control = control;
  }

  private static RepoRef repo(dev.specwright.command.RepoRef r) {
    return new RepoRef(r.owner(), r.name(), r.installationId());
  }

  private static Result ok(Result r) {
    if (!r.ok()) {
      throw new CommandRefused(r.message());
    }
    return r;
  }

  private Optional<RunRecord> latest(RunRef run) {
    return control.latestRun(repo(run.repo()), run.issueNumber());
  }

  private Subtask subtask(TaskRef task) {
    RunRecord run =
        latest(task.run()).orElseThrow(() -> new CommandRefused("there is no run on this issue"));
    return control.subtasks(run.id()).stream()
        .filter(t -> t.key().equals(task.taskKey()))
        .findFirst()
        .orElseThrow(() -> new CommandRefused("there is no subtask " + task.taskKey()));
  }

  private int pullRequest(TaskRef task) {
    Integer pr = subtask(task).prNumber();
    if (pr == null) {
      throw new CommandRefused(task.taskKey() + " has no pull request yet");
    }
    return pr;
  }

  // --- TaskLookup ----------------------------------------------------------------------------

  @Override
  public Optional<RunRef> runForIssue(dev.specwright.command.RepoRef repo, int issueNumber) {
    return control.latestRun(repo(repo), issueNumber).map(r -> new RunRef(repo, issueNumber));
  }

  @Override
  public Optional<TaskRef> taskForPullRequest(dev.specwright.command.RepoRef repo, int pullNumber) {
    return control
        .subtaskOf(repo(repo), pullNumber)
        .flatMap(t -> issueOf(repo, t).map(issue -> new TaskRef(new RunRef(repo, issue), t.key())));
  }

  private Optional<Integer> issueOf(dev.specwright.command.RepoRef repo, Subtask t) {
    Matcher m = BRANCH.matcher(t.branch() == null ? "" : t.branch());
    if (!m.matches()) {
      return Optional.empty();
    }
    int issue = Integer.parseInt(m.group(1));
    return control.latestRun(repo(repo), issue).filter(r -> r.id() == t.runId()).map(r -> issue);
  }

  @Override
  public Optional<TaskRef> taskForBranch(dev.specwright.command.RepoRef repo, String branch) {
    Matcher m = BRANCH.matcher(branch);
    if (!m.matches()) {
      return Optional.empty();
    }
    int issue = Integer.parseInt(m.group(1));
    return control
        .latestRun(repo(repo), issue)
        .flatMap(
            r ->
                control.subtasks(r.id()).stream()
                    .filter(t -> branch.equals(t.branch()))
                    .findFirst())
        .map(t -> new TaskRef(new RunRef(repo, issue), t.key()));
  }

  // --- RunCommands ---------------------------------------------------------------------------

  @Override
  public void retryTask(RunRef run, String taskKey) {
    ok(control.retry(repo(run.repo()), run.issueNumber(), Optional.of(taskKey)));
  }

  @Override
  public List<String> retryStalled(RunRef run) {
    Result r = control.retry(repo(run.repo()), run.issueNumber(), Optional.empty());
    if (!r.ok()) {
      if (r.message().startsWith("no failed")) {
        return List.of();
      }
      throw new CommandRefused(r.message());
    }
    String what = r.message().replaceFirst("^retrying ", "");
    if (what.startsWith("the ")) {
      return List.of("plan");
    }
    return Arrays.stream(what.split(",\\s*")).toList();
  }

  private List<String> stalled(RunRef run) {
    return latest(run).stream()
        .flatMap(r -> control.subtasks(r.id()).stream())
        .filter(t -> t.state() == TaskState.FAILED || t.state() == TaskState.STUCK)
        .map(Subtask::key)
        .toList();
  }

  @Override
  public List<String> switchRoleModel(RunRef run, Role role, ModelRef model) {
    List<String> before = role == Role.DEVELOPER ? stalled(run) : List.of();
    ok(control.switchModel(repo(run.repo()), run.issueNumber(), role.label(), model));
    return before;
  }

  @Override
  public boolean switchTaskModel(RunRef run, String taskKey, ModelRef model) {
    boolean stalled = stalled(run).contains(taskKey);
    ok(control.switchModel(repo(run.repo()), run.issueNumber(), taskKey, model));
    return stalled;
  }

  @Override
  public void cancelRun(RunRef run) {
    ok(control.cancel(repo(run.repo()), run.issueNumber(), Optional.empty()));
  }

  @Override
  public void cancelTask(RunRef run, String taskKey) {
    ok(control.cancel(repo(run.repo()), run.issueNumber(), Optional.of(taskKey)));
  }

  @Override
  public String refreshStatus(RunRef run) {
    return ok(control.refreshStatus(repo(run.repo()), run.issueNumber())).message();
  }

  @Override
  public void replan(RunRef run) {
    ok(control.replan(repo(run.repo()), run.issueNumber()));
  }

  @Override
  public void approve(RunRef run) {
    ok(control.approve(repo(run.repo()), run.issueNumber()));
  }

  // --- HumanLoop -----------------------------------------------------------------------------

  @Override
  public void onChangesRequested(TaskRef task, HumanReview review) {
    // One thread per first comment: two comments of the review in one thread are read together.
    Map<Long, ReviewThread> threads = new LinkedHashMap<>();
    for (ReviewComment c : review.comments()) {
      threads.merge(
          c.threadRootId(),
          new ReviewThread(c.threadRootId(), c.path(), c.line(), c.body()),
          (a, b) ->
              new ReviewThread(a.threadId(), a.path(), a.line(), a.body() + "\n\n" + b.body()));
    }
    ok(
        control.onChangesRequested(
            repo(task.run().repo()),
            pullRequest(task),
            review.reviewId(),
            review.reviewer(),
            review.body(),
            List.copyOf(threads.values())));
  }

  @Override
  public void onPullRequestClosed(TaskRef task, boolean merged) {
    ok(control.onPullRequestClosed(repo(task.run().repo()), pullRequest(task), merged));
  }

  @Override
  public void rerun(TaskRef task) {
    retryTask(task.run(), task.taskKey());
  }
}
