package dev.specwright.workspace;

/**
 * The remote refused a push of a subtask's branch. {@link Reason#NON_FAST_FORWARD}: the remote
 * branch moved on (someone pushed to it); {@link Reason#REJECTED_BY_REMOTE}: a hook, branch
 * protection or policy said no, its message in {@link #remoteMessage()}; {@link
 * Reason#NOT_AUTHORIZED}: the credentials were refused.
 */
public final class PushRejectedException extends WorkspaceException {
  private static final long serialVersionUID = 1L;

  /** Why the push was refused. */
  public enum Reason {
    NON_FAST_FORWARD,
    REJECTED_BY_REMOTE,
    NOT_AUTHORIZED
  }

  private final Reason reason;
  private final String branch;
  private final String remoteMessage;

  public PushRejectedException(Reason reason, String branch, String remoteMessage) {
    super(
        "push of "
            + branch
            + " rejected: "
            + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + (remoteMessage == null || remoteMessage.isBlank() ? "" : " (" + remoteMessage + ")"));
    this.reason = reason;
    this.branch = branch;
    this.remoteMessage = remoteMessage == null ? "" : remoteMessage;
  }

  public Reason reason() {
    return reason;
  }

  public String branch() {
    return branch;
  }

  public String remoteMessage() {
    return remoteMessage;
  }
}
