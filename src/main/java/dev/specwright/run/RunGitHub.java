package dev.specwright.run;

import java.util.List;
import java.util.Optional;

/**
 * Every GitHub call a spec run makes, and nothing else. Each write is idempotent: the adapter looks
 * the object up by its stable key (a hidden marker in a body, a head branch, a head sha + check
 * name) before it creates one, so a replayed step edits instead of duplicating. The installation
 * token lives only in the adapter.
 */
public interface RunGitHub {

  /** The issue with its comments, each with its author's collaborator permission. */
  Issue issue(RepoRef repo, int number);

  /** A user's collaborator permission on the repository. */
  Permission permission(RepoRef repo, String user);

  /** A file's text on the default branch, or empty when it does not exist. */
  Optional<String> readFile(RepoRef repo, String path);

  /**
   * Finds the issue comment whose body contains {@code marker} (written by the app) and edits it to
   * {@code body}, or creates it. {@code body} always contains the marker.
   */
  CommentRef upsertComment(RepoRef repo, int issue, String marker, String body);

  /**
   * Finds the open PR whose head is {@code spec.head()} and updates title, body and draft flag (a
   * draft PR is marked ready when {@code draft} is false; a ready PR is never turned back into a
   * draft), or opens it.
   */
  PullRequestRef upsertPullRequest(RepoRef repo, PullRequestSpec spec);

  /**
   * Finds the review on the PR whose body contains {@code marker}, or posts one with its inline
   * comments. Never {@code APPROVE}: {@link ReviewEvent} has no such value.
   */
  ReviewRef ensureReview(
      RepoRef repo,
      int pullRequest,
      String marker,
      ReviewEvent event,
      String body,
      List<InlineComment> comments);

  /**
   * Finds the app's reply in the review thread {@code threadId} (the thread's first comment) whose
   * body contains {@code marker}, or posts {@code body} as a reply in that thread ({@code POST
   * /pulls/{pullRequest}/comments/{threadId}/replies}). {@code body} always contains the marker.
   * Empty when GitHub refuses the reply for good (the thread or the PR is gone, 404; the reply is
   * unprocessable, 422). Any other failure (a 5xx, a 403, a lost connection) throws, so that the
   * step replying runs again.
   */
  Optional<CommentRef> replyInThread(
      RepoRef repo, int pullRequest, long threadId, String marker, String body);

  /** Creates or updates the check run named {@code check.name()} on {@code headSha}. */
  void upsertCheckRun(RepoRef repo, String headSha, CheckRunSpec check);

  /**
   * Finds the sub-issue of {@code parent} whose body contains {@code marker} (written by the app),
   * else the app's open issue with that marker and links it, else creates and links one; returns
   * its number. Called only when the policy's sub-issue switch is on.
   */
  int ensureSubIssue(RepoRef repo, int parent, String marker, String title, String body);

  /** An issue as the run reads it. */
  record Issue(
      int number,
      String title,
      String body,
      String author,
      Permission authorPermission,
      String url,
      List<IssueComment> comments) {}

  /** A comment on the issue, with its author's permission. Bot comments carry {@code bot}. */
  record IssueComment(long id, String author, Permission permission, boolean bot, String body) {}

  record CommentRef(long id, String url) {}

  /** What the PR should look like. */
  record PullRequestSpec(String head, String base, String title, String body, boolean draft) {}

  record PullRequestRef(int number, String url, String headSha) {}

  /** The two review events Specwright posts; approving is the human's. */
  enum ReviewEvent {
    COMMENT,
    REQUEST_CHANGES
  }

  /** An inline review comment on the new side of the diff. */
  record InlineComment(String path, int line, String body) {}

  record ReviewRef(long id, String url) {}

  /**
   * GitHub's check-run states. {@code conclusion} is set only when {@code status} is completed;
   * {@code detailsUrl} is the run's status comment, which the orchestrator makes before the first
   * check run.
   */
  record CheckRunSpec(
      String name,
      String status,
      Optional<String> conclusion,
      String title,
      String summary,
      String detailsUrl) {}
}
