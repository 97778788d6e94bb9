package dev.specwright.command;

import java.util.List;

/**
 * The few webhook events the command layer acts on, reduced to the fields it uses. Built by {@link
 * WebhookEvents#parse} from GitHub's payloads.
 */
public sealed interface WebhookEvent {

  RepoRef repo();

  /** Who caused the event ({@code sender}). */
  Actor sender();

  /**
   * A new comment that may carry commands: {@code issue_comment.created} (on an issue or, when
   * {@code onPullRequest}, a PR), {@code pull_request_review_comment.created}, or the body of a
   * submitted review. {@code number} is the issue or PR number.
   */
  record CommentCreated(
      RepoRef repo,
      int number,
      boolean onPullRequest,
      CommentSource source,
      Actor author,
      String body,
      Actor sender)
      implements WebhookEvent {}

  /**
   * {@code pull_request_review.submitted}; {@code state} is GitHub's lower-case review state
   * ({@code commented}, {@code changes_requested}, {@code approved}); {@code body} may be empty.
   */
  record ReviewSubmitted(
      RepoRef repo,
      int pullNumber,
      long reviewId,
      String state,
      Actor author,
      String body,
      Actor sender)
      implements WebhookEvent {

    public boolean changesRequested() {
      return "changes_requested".equalsIgnoreCase(state);
    }

    /** The review's body as a comment, so its command lines run like any other comment's. */
    public CommentCreated asComment() {
      return new CommentCreated(
          repo, pullNumber, true, new CommentSource.ReviewBody(reviewId), author, body, sender);
    }
  }

  /** {@code pull_request.closed}: merged, or closed without merging. */
  record PullRequestClosed(
      RepoRef repo, int pullNumber, boolean merged, String headRef, Actor sender)
      implements WebhookEvent {}

  /**
   * {@code check_run.rerequested}: someone pressed "Re-run" on a check run. {@code appId} is the
   * app that owns the check run; {@code pullNumbers} the PRs GitHub associates with it (may be
   * empty).
   */
  record CheckRunRerequested(
      RepoRef repo,
      long checkRunId,
      String name,
      long appId,
      String externalId,
      String headBranch,
      String headSha,
      List<Integer> pullNumbers,
      Actor sender)
      implements WebhookEvent {

    public CheckRunRerequested {
      pullNumbers = List.copyOf(pullNumbers);
    }
  }

  /**
   * {@code check_suite.rerequested}: someone pressed "Re-run all checks" on a suite. {@code appId}
   * is the app that owns the suite.
   */
  record CheckSuiteRerequested(
      RepoRef repo,
      long checkSuiteId,
      long appId,
      String headBranch,
      String headSha,
      List<Integer> pullNumbers,
      Actor sender)
      implements WebhookEvent {

    public CheckSuiteRerequested {
      pullNumbers = List.copyOf(pullNumbers);
    }
  }
}
