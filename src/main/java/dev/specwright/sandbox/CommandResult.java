package dev.specwright.sandbox;

import java.time.Duration;

/**
 * How a sandboxed command ended: exit code (or {@link #KILLED} when killed at its limit), combined
 * stdout and stderr in the order written (cut to the cap, head and tail kept, with a note of how
 * much was cut), whether it hit its time limit, and how long it took.
 */
public record CommandResult(
    int exitCode, String output, boolean timedOut, boolean truncated, Duration elapsed) {

  /** The exit code reported for a command the sandbox killed. */
  public static final int KILLED = -1;

  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }
}
