package dev.specwright.command;

import java.util.Objects;

/**
 * A repository as a webhook names it, with the installation the event came through (so an adapter
 * can pick the right installation token). {@code installationId} is 0 when the payload carried
 * none.
 */
public record RepoRef(long installationId, String owner, String name) {

  public RepoRef {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
  }

  public String fullName() {
    return owner + "/" + name;
  }
}
