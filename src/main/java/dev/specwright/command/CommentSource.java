package dev.specwright.command;

/**
 * Where a comment carrying commands was written, which decides how Specwright reacts and answers:
 * an issue or PR conversation comment (reaction, reply in the conversation), a PR review's body (no
 * reaction API exists for reviews; reply in the conversation), or a comment in a review thread on
 * the diff (reaction, reply in that thread).
 */
public sealed interface CommentSource {

  /** A comment in an issue's or pull request's conversation. */
  record IssueComment(long commentId) implements CommentSource {}

  /** The body of a submitted pull request review. */
  record ReviewBody(long reviewId) implements CommentSource {}

  /**
   * A comment on the diff. GitHub only accepts replies to a thread's first comment, so {@code
   * threadRootId} is the comment this one answers ({@code in_reply_to_id}) or the comment itself.
   */
  record ReviewThreadComment(long commentId, long threadRootId) implements CommentSource {}
}
