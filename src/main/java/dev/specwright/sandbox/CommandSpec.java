package dev.specwright.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A command for the sandbox: a shell command line, run by {@code /bin/sh -c} in {@code workspace}
 * (the only writable place), with a wall-time limit, a cap on captured output, and the only
 * environment variables it will see beyond a fixed safe set.
 */
public record CommandSpec(
    String commandLine,
    Path workspace,
    Duration timeout,
    int outputCapBytes,
    Map<String, String> extraEnv) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_OUTPUT_CAP = 64 * 1024;

  public CommandSpec {
    extraEnv = Map.copyOf(extraEnv);
  }

  public static CommandSpec of(String commandLine, Path workspace) {
    return new CommandSpec(commandLine, workspace, DEFAULT_TIMEOUT, DEFAULT_OUTPUT_CAP, Map.of());
  }
}
