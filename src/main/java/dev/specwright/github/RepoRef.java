package dev.specwright.github;

/** A repository as seen through one installation of the app. */
public record RepoRef(long installationId, String owner, String name) {

  public String fullName() {
    return owner + "/" + name;
  }

  /** From {@code owner/name}. */
  public static RepoRef of(long installationId, String fullName) {
    int slash = fullName.indexOf('/');
    if (slash <= 0 || slash == fullName.length() - 1) {
      throw new IllegalArgumentException("expected owner/name, got " + fullName);
    }
    return new RepoRef(installationId, fullName.substring(0, slash), fullName.substring(slash + 1));
  }

  @Override
  public String toString() {
    return fullName();
  }
}
