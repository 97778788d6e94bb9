package dev.specwright.command;

import java.util.Objects;

/** A spec run, named by its repository and the spec issue it belongs to (one run per issue). */
public record RunRef(RepoRef repo, int issueNumber) {

  public RunRef {
    Objects.requireNonNull(repo, "repo");
  }
}
