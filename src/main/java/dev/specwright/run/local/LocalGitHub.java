package dev.specwright.run.local;

import dev.specwright.run.Permission;
import dev.specwright.run.RepoRef;
import dev.specwright.run.RunGitHub;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link RunGitHub} for a run without GitHub: the issue is the spec file, the repository files are
 * read from the base commit, and comments, pull requests, reviews and check runs are kept in memory
 * (looked up by the same stable keys as on GitHub, so a replayed step edits instead of duplicating)
 * for the terminal and the report.
 */
final class LocalGitHub implements RunGitHub {

  /** The local user, who owns the repository. */
  static final String USER = "you";

  private final Issue issue;
  private final Function<String, Optional<String>> files;
  private final Map<String, String> comments = new LinkedHashMap<>();
  private final Map<String, PullRequest> pulls = new LinkedHashMap<>();
  private final Map<String, Review> reviews = new LinkedHashMap<>();
  private final Map<String, CheckRunSpec> checks = new LinkedHashMap<>();

  /** A pull request as recorded: what GitHub would show. */
  record PullRequest(int number, PullRequestSpec spec, String headSha) {}

  /** A review as recorded. */
  record Review(
      int pullRequest,
      String marker,
      ReviewEvent event,
      String body,
      List<InlineComment> comments) {}

  /**
   * @param files a file's text on the base branch, by path
   */
  LocalGitHub(int number, String title, String body, Function<String, Optional<String>> files) {
    this.issue = new Issue(number, title, body, USER, Permission.ADMIN, "spec file", List.of());
    this.files = files;
  }

  @Override
  public Issue issue(RepoRef repo, int number) {
    return issue;
  }

  @Override
  public Permission permission(RepoRef repo, String user) {
    return USER.equals(user) ? Permission.ADMIN : Permission.NONE;
  }

  @Override
  public Optional<String> readFile(RepoRef repo, String path) {
    return files.apply(path);
  }

  @Override
  public synchronized CommentRef upsertComment(
      RepoRef repo, int issue, String marker, String body) {
    comments.put(marker, body);
    int i = new ArrayList<>(comments.keySet()).indexOf(marker);
    return new CommentRef(i + 1, "comment " + (i + 1));
  }

  @Override
  public synchronized PullRequestRef upsertPullRequest(RepoRef repo, PullRequestSpec spec) {
    PullRequest existing = pulls.get(spec.head());
    int number = existing == null ? pulls.size() + 1 : existing.number();
    // As on GitHub: a ready PR is never turned back into a draft.
    boolean draft = spec.draft() && (existing == null || existing.spec().draft());
    PullRequestSpec kept =
        new PullRequestSpec(spec.head(), spec.base(), spec.title(), spec.body(), draft);
    pulls.put(spec.head(), new PullRequest(number, kept, null));
    return new PullRequestRef(number, "branch " + spec.head(), null);
  }

  @Override
  public synchronized ReviewRef ensureReview(
      RepoRef repo,
      int pullRequest,
      String marker,
      ReviewEvent event,
      String body,
      List<InlineComment> comments) {
    String key = pullRequest + "/" + marker;
    Review existing = reviews.get(key);
    if (existing == null) {
      reviews.put(key, new Review(pullRequest, marker, event, body, List.copyOf(comments)));
    }
    int i = new ArrayList<>(reviews.keySet()).indexOf(key);
    return new ReviewRef(i + 1, "review " + (i + 1));
  }

  @Override
  public synchronized void upsertCheckRun(RepoRef repo, String headSha, CheckRunSpec check) {
    checks.put(headSha + "/" + check.name(), check);
  }

  @Override
  public Optional<CommentRef> replyInThread(
      RepoRef repo, int pullRequest, long threadId, String marker, String body) {
    // Review threads come from people reviewing on GitHub; a local run has none to answer.
    throw new UnsupportedOperationException("a local run has no review threads");
  }

  @Override
  public int ensureSubIssue(RepoRef repo, int parent, String marker, String title, String body) {
    throw new UnsupportedOperationException("a local run opens no sub-issues");
  }

  synchronized List<String> comments() {
    return List.copyOf(comments.values());
  }

  synchronized List<PullRequest> pullRequests() {
    return List.copyOf(pulls.values());
  }

  synchronized List<Review> reviews() {
    return List.copyOf(reviews.values());
  }

  /** The head branch of a recorded pull request. */
  synchronized Optional<String> headOf(int pullRequest) {
    return pulls.values().stream()
        .filter(p -> p.number() == pullRequest)
        .map(p -> p.spec().head())
        .findFirst();
  }
}
