package dev.specwright.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs one prepared argv to its end, its time limit or the caller's interruption, with the output
 * cap applied. Shared by both sandboxes so that their limits are the same code.
 */
final class CommandExecution {

  /** How long to wait for the output pipe to close once the process tree is gone. */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

  /** Set in the launcher's environment (not inside bubblewrap, which clears it). */
  static final String MARKER = "SPECWRIGHT_COMMAND_ID";

  private CommandExecution() {}

  /**
   * @param inPidNamespace true when the command runs in its own pid namespace (bubblewrap), whose
   *     end takes every process in it down; false for a plain process, whose stragglers are then
   *     hunted by session and environment marker
   */
  static CommandResult run(
      List<String> argv,
      Map<String, String> env,
      Path directory,
      CommandSpec command,
      boolean inPidNamespace)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().clear();
    builder.environment().putAll(env);
    // Every process this command starts inherits the marker, which is how stragglers are found.
    String marker = inPidNamespace ? null : MARKER + "=" + UUID.randomUUID();
    if (marker != null) {
      builder.environment().put(MARKER, marker.substring(MARKER.length() + 1));
    }
    builder.directory(directory.toFile());
    builder.redirectErrorStream(true); // one stream, in the order written; no second pipe to fill
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));

    OutputCapture capture = new OutputCapture(command.outputCapBytes());
    long start = System.nanoTime();
    Process process = builder.start();
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .name("sandbox-output-" + process.pid())
            .start(() -> capture.drain(process.getInputStream()));
    boolean finished;
    try {
      finished = process.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      ProcessTree.kill(process, marker);
      awaitReader(process, reader);
      throw e;
    }
    if (finished) {
      ProcessTree.killLeftovers(process, marker);
    } else {
      ProcessTree.kill(process, marker);
      process.waitFor(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
    awaitReader(process, reader);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    int exit = finished ? process.exitValue() : CommandResult.KILLED;
    return new CommandResult(exit, capture.text(), !finished, capture.truncated(), elapsed);
  }

  private static void awaitReader(Process process, Thread reader) throws InterruptedException {
    if (!reader.join(DRAIN_GRACE)) {
      // Something escaped the kill and holds the pipe: stop reading, keep what we have.
      try {
        process.getInputStream().close();
      } catch (IOException ignored) {
        // closing is best effort
      }
      reader.join(DRAIN_GRACE);
    }
  }
}
