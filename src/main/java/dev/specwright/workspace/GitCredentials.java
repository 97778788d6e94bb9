package dev.specwright.workspace;

import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Credentials for one fetch or push, held only in memory for that call: never written into a URL, a
 * git config or a credential store, and never printed ({@link #toString()} is redacted).
 */
public final class GitCredentials {

  private static final GitCredentials NONE = new GitCredentials(null, null);

  private final String username;
  private final String secret;

  private GitCredentials(String username, String secret) {
    this.username = username;
    this.secret = secret;
  }

  /** A GitHub App installation token, sent as {@code x-access-token:<token>}. */
  public static GitCredentials installationToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the installation token is empty");
    }
    return new GitCredentials("x-access-token", token);
  }

  /** For remotes that need none (a local path, a test server). */
  public static GitCredentials none() {
    return NONE;
  }

  CredentialsProvider provider() {
    return secret == null ? null : new UsernamePasswordCredentialsProvider(username, secret);
  }

  @Override
  public String toString() {
    return secret == null ? "GitCredentials[none]" : "GitCredentials[" + username + ":***]";
  }
}
