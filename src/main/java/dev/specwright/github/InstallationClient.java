package dev.specwright.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import okhttp3.OkHttpClient;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

/**
 * GitHub as one installation of the app sees it: a hub4j {@link GitHub} for rich calls and {@link
 * GitHubRest} for single JSON calls, both on the same authenticated, paced, rate-limit-aware chain.
 * hub4j's own rate-limit handlers are set to fail, since the chain already waited and retried.
 */
public final class InstallationClient {

  private final long installationId;
  private final URI apiUrl;
  private final OkHttpClient http;
  private final GitHubRest rest;
  private final InstallationTokens tokens;
  private volatile GitHub hub4j;

  InstallationClient(
      long installationId, URI apiUrl, OkHttpClient http, InstallationTokens tokens) {
    this.installationId = installationId;
    this.apiUrl = apiUrl;
    this.http = http;
    this.rest = new GitHubRest(apiUrl, http);
    this.tokens = tokens;
  }

  public long installationId() {
    return installationId;
  }

  public GitHubRest rest() {
    return rest;
  }

  /** The hub4j client for this installation, built once. */
  public GitHub hub4j() {
    GitHub g = hub4j;
    if (g == null) {
      synchronized (this) {
        if (hub4j == null) {
          try {
            hub4j =
                new GitHubBuilder()
                    .withEndpoint(apiUrl.toString())
                    .withConnector(new OkHttpGitHubConnector(http))
                    .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                    .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
                    .build();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        g = hub4j;
      }
    }
    return g;
  }

  /**
   * The installation token, for {@code git push} over HTTPS (as the password of user {@code
   * x-access-token}); never put it in a log, a prompt or an agent's environment.
   */
  public dev.specwright.config.Secret gitToken() throws IOException {
    return tokens.token(installationId);
  }
}
