package dev.specwright.github;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Port: comments on an issue or pull request. {@link #findContaining} lets a caller look a comment
 * up by a hidden marker before posting it, so that a retried job does not post twice.
 */
public interface IssueComments {

  /** A comment: its id, author and body. */
  record Comment(long id, String author, String body) {}

  /** Posts a comment and returns its id. */
  long post(RepoRef repo, int issueNumber, String body) throws IOException;

  /** All comments on the issue, oldest first. */
  List<Comment> list(RepoRef repo, int issueNumber) throws IOException;

  /** The first comment whose body contains {@code marker}. */
  default Optional<Comment> findContaining(RepoRef repo, int issueNumber, String marker)
      throws IOException {
    return list(repo, issueNumber).stream().filter(c -> c.body().contains(marker)).findFirst();
  }
}
