package dev.specwright.agent.tools;

/**
 * A tool call that cannot be done as asked. The message goes back to the model as an error result
 * it can read and act on, so it says what was wrong and, where it helps, what to do instead.
 */
public final class ToolException extends Exception {
  private static final long serialVersionUID = 1L;

  public ToolException(String message) {
    super(message);
  }
}
