package dev.specwright.run;

import java.util.Objects;

/**
 * A repository as the run knows it: {@code owner/name} and the GitHub App installation that acts on
 * it. Adapters turn the installation id into a fresh token; the run itself never holds one.
 */
public record RepoRef(String owner, String name, long installationId) {

  public RepoRef {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
  }

  /** Parses {@code owner/name}. */
  public static RepoRef of(String fullName, long installationId) {
    int slash = fullName.indexOf('/');
    if (slash <= 0 || slash == fullName.length() - 1) {
      throw new IllegalArgumentException("a repository is named owner/name, not " + fullName);
    }
    return new RepoRef(fullName.substring(0, slash), fullName.substring(slash + 1), installationId);
  }

  public String fullName() {
    return owner + "/" + name;
  }

  @Override
  public String toString() {
    return fullName();
  }
}
