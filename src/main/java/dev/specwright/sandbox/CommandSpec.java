package dev.specwright.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A command for the sandbox: a shell command line, run by {@code /bin/sh -c} in {@code workspace}
 * (the only writable place), with a wall-time limit, a cap on captured output, and the only
 * environment variables it will see beyond a fixed safe set.
 *
 * <p>{@code extraEnv} is checked when the command runs: a name that looks like a secret ({@code
 * *_TOKEN}, {@code *KEY*}, {@code *SECRET*}, …) or a value that looks like a known credential
 * ({@code ghs_…}, {@code sk-…}) is refused with {@link IllegalArgumentException}.
 */
public record CommandSpec(
    String commandLine,
    Path workspace,
    Duration timeout,
    int outputCapBytes,
    Map<String, String> extraEnv) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_OUTPUT_CAP = 64 * 1024;

  /** Below this the head-and-tail note would not fit: a smaller cap is a caller's mistake. */
  public static final int MIN_OUTPUT_CAP = 256;

  public CommandSpec {
    Objects.requireNonNull(commandLine, "commandLine");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(timeout, "timeout");
    if (commandLine.isBlank()) {
      throw new IllegalArgumentException("the command line is empty");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
    }
    if (outputCapBytes < MIN_OUTPUT_CAP) {
      throw new IllegalArgumentException(
          "the output cap must be at least " + MIN_OUTPUT_CAP + " bytes, got " + outputCapBytes);
    }
    workspace = workspace.toAbsolutePath().normalize();
    extraEnv = Map.copyOf(extraEnv);
  }

  public static CommandSpec of(String commandLine, Path workspace) {
    return new CommandSpec(commandLine, workspace, DEFAULT_TIMEOUT, DEFAULT_OUTPUT_CAP, Map.of());
  }

  public CommandSpec withTimeout(Duration newTimeout) {
    return new CommandSpec(commandLine, workspace, newTimeout, outputCapBytes, extraEnv);
  }

  public CommandSpec withOutputCap(int bytes) {
    return new CommandSpec(commandLine, workspace, timeout, bytes, extraEnv);
  }

  public CommandSpec withEnv(Map<String, String> env) {
    return new CommandSpec(commandLine, workspace, timeout, outputCapBytes, env);
  }
}
