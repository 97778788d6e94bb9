package dev.specwright.github;

/**
 * Hands out the client of an installation. The one seam through which everything that acts on a
 * repository reaches GitHub; the ports ({@link RepoPermissions}, {@link IssueComments}) are built
 * on it.
 */
@FunctionalInterface
public interface GitHubClients {

  /**
   * The client for the installation; throws {@link IllegalStateException} while the app is not
   * registered.
   */
  InstallationClient installation(long installationId);
}
