package dev.specwright.command;

import java.util.List;

/**
 * Port: the GitHub calls the command layer makes, and no others. The lead adapts it to the
 * installation client; tests use a fake that records each call as a readable line.
 */
public interface CommandGitHub {

  /** Adds a reaction ({@code eyes}, …) to an issue or PR conversation comment. */
  void reactToIssueComment(RepoRef repo, long commentId, String reaction);

  /** Adds a reaction to a comment in a PR review thread ({@code /pulls/comments/{id}}). */
  void reactToReviewComment(RepoRef repo, long commentId, String reaction);

  /** Posts a comment in an issue's or PR's conversation. */
  void commentOnIssue(RepoRef repo, int number, String body);

  /**
   * Replies in a review thread ({@code POST /pulls/{pull}/comments/{threadRootId}/replies}); the id
   * must be the thread's first comment.
   */
  void replyToReviewComment(RepoRef repo, int pullNumber, long threadRootId, String body);

  /** The inline comments of one review ({@code GET /pulls/{pull}/reviews/{id}/comments}). */
  List<ReviewComment> reviewComments(RepoRef repo, int pullNumber, long reviewId);
}
