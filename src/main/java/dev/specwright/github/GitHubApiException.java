package dev.specwright.github;

import java.io.IOException;

/** GitHub answered a call with an error status; the message is GitHub's, never a credential. */
public final class GitHubApiException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public GitHubApiException(String call, int status, String message) {
    super(call + " failed with HTTP " + status + (message.isBlank() ? "" : ": " + message));
    this.status = status;
  }

  public int status() {
    return status;
  }
}
