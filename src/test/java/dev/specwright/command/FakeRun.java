package dev.specwright.command;

import dev.specwright.llm.ModelRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A run side that records each call as a readable line ("retryTask #1 api") and knows which issues,
 * PRs and check runs are Specwright's. {@link #failWith} makes the next calls throw.
 */
final class FakeRun implements RunCommands, TaskLookup, HumanLoop {

  final List<String> calls = new ArrayList<>();
  private final Map<String, RunRef> runs = new HashMap<>();
  private final Map<String, TaskRef> pulls = new HashMap<>();
  private final Map<String, TaskRef> branches = new HashMap<>();
  List<String> stalled = List.of();
  List<String> retriedOnSwitch = List.of();
  private Supplier<RuntimeException> failure;

  FakeRun run(String repo, int issue) {
    runs.put(repo + "#" + issue, runRef(repo, issue));
    return this;
  }

  FakeRun task(String repo, int issue, String key, int pull) {
    run(repo, issue);
    pulls.put(repo + "#" + pull, new TaskRef(runRef(repo, issue), key));
    return this;
  }

  FakeRun branch(String repo, String branch, int issue, String key) {
    branches.put(repo + " " + branch, new TaskRef(runRef(repo, issue), key));
    return this;
  }

  FakeRun failWith(Supplier<RuntimeException> failure) {
    this.failure = failure;
    return this;
  }

  private static RunRef runRef(String fullName, int issue) {
    String[] parts = fullName.split("/");
    return new RunRef(new RepoRef(0, parts[0], parts[1]), issue);
  }

  private static String key(RepoRef repo) {
    return repo.fullName();
  }

  private void record(String call) {
    calls.add(call);
    if (failure != null) {
      throw failure.get();
    }
  }

  private static String run(RunRef run) {
    return "#" + run.issueNumber();
  }

  // The lookups compare by repository name: the installation id differs between fixtures.

  @Override
  public Optional<RunRef> runForIssue(RepoRef repo, int issueNumber) {
    return Optional.ofNullable(runs.get(key(repo) + "#" + issueNumber));
  }

  @Override
  public Optional<TaskRef> taskForPullRequest(RepoRef repo, int pullNumber) {
    return Optional.ofNullable(pulls.get(key(repo) + "#" + pullNumber));
  }

  @Override
  public Optional<TaskRef> taskForBranch(RepoRef repo, String branch) {
    return Optional.ofNullable(branches.get(key(repo) + " " + branch));
  }

  @Override
  public void retryTask(RunRef run, String taskKey) {
    record("retryTask " + run(run) + " " + taskKey);
  }

  @Override
  public List<String> retryStalled(RunRef run) {
    record("retryStalled " + run(run));
    return stalled;
  }

  @Override
  public List<String> switchRoleModel(RunRef run, Role role, ModelRef model) {
    record("switchRoleModel " + run(run) + " " + role.label() + " " + model);
    return retriedOnSwitch;
  }

  @Override
  public boolean switchTaskModel(RunRef run, String taskKey, ModelRef model) {
    record("switchTaskModel " + run(run) + " " + taskKey + " " + model);
    return !retriedOnSwitch.isEmpty();
  }

  @Override
  public void cancelRun(RunRef run) {
    record("cancelRun " + run(run));
  }

  @Override
  public void cancelTask(RunRef run, String taskKey) {
    record("cancelTask " + run(run) + " " + taskKey);
  }

  @Override
  public String refreshStatus(RunRef run) {
    record("refreshStatus " + run(run));
    return "https://github.com/"
        + run.repo().fullName()
        + "/issues/"
        + run.issueNumber()
        + "#issuecomment-1";
  }

  @Override
  public void replan(RunRef run) {
    record("replan " + run(run));
  }

  @Override
  public void approve(RunRef run) {
    record("approve " + run(run));
  }

  @Override
  public void onChangesRequested(TaskRef task, HumanReview review) {
    record(
        "onChangesRequested "
            + task.taskKey()
            + " review "
            + review.reviewId()
            + " by "
            + review.reviewer()
            + ": "
            + review.body()
            + " + "
            + review.comments().size()
            + " comments");
  }

  @Override
  public void onPullRequestClosed(TaskRef task, boolean merged) {
    record("onPullRequestClosed " + task.taskKey() + " merged=" + merged);
  }

  @Override
  public void rerun(TaskRef task) {
    record("rerun " + task.taskKey());
  }
}
