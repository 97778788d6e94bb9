package dev.specwright.sandbox;

import java.time.Duration;

/**
 * How a sandboxed command ended: exit code (or -1 when killed), combined stdout and stderr (cut to
 * the cap, head and tail kept), whether it hit its time limit, and how long it took.
 */
public record CommandResult(
    int exitCode, String output, boolean timedOut, boolean truncated, Duration elapsed) {

  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }
}
