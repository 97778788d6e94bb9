package dev.specwright.workspace;

/** A git step on a mirror or workspace failed; the message names the step and never a secret. */
public class WorkspaceException extends Exception {
  private static final long serialVersionUID = 1L;

  public WorkspaceException(String message, Throwable cause) {
    super(message, cause);
  }

  public WorkspaceException(String message) {
    super(message);
  }
}
