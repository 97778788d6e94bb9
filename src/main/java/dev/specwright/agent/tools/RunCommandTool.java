package dev.specwright.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.llm.ToolSpec;
import dev.specwright.sandbox.CommandResult;
import dev.specwright.sandbox.CommandSpec;
import dev.specwright.sandbox.Sandbox;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code run_command}: a shell command in the {@link Sandbox}, in the workspace. Its time limit is
 * the smaller of what the model asks, the configured maximum, and what is left of the attempt's
 * wall-time budget, so a command cannot outlive the attempt.
 */
public final class RunCommandTool implements Tool {

  private static final ToolSpec SPEC =
      new ToolSpec(
          "run_command",
          "Run a shell command (sh -c) in the workspace, e.g. to build or run tests. No network."
              + " Returns the exit code and the combined output (long output is cut in the middle).",
          """
          {"type":"object","properties":{
            "command":{"type":"string","minLength":1,"description":"The command line"},
            "timeout_seconds":{"type":"integer","minimum":1,"maximum":3600,"description":"Time limit; default and maximum set by configuration"}
          },"required":["command"],"additionalProperties":false}""");

  private final Workspace workspace;
  private final Sandbox sandbox;
  private final Duration maxTimeout;
  private final int outputCapBytes;
  private final Supplier<Duration> remainingWallTime;

  public RunCommandTool(
      Workspace workspace,
      Sandbox sandbox,
      Duration maxTimeout,
      int outputCapBytes,
      Supplier<Duration> remainingWallTime) {
    this.workspace = workspace;
    this.sandbox = sandbox;
    this.maxTimeout = maxTimeout;
    this.outputCapBytes = outputCapBytes;
    this.remainingWallTime = remainingWallTime;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(JsonNode args) throws ToolException, InterruptedException {
    String command = args.get("command").asText();
    Duration timeout = maxTimeout;
    if (args.has("timeout_seconds")) {
      Duration asked = Duration.ofSeconds(args.get("timeout_seconds").asLong());
      timeout = asked.compareTo(timeout) < 0 ? asked : timeout;
    }
    Duration left = remainingWallTime.get();
    if (left.compareTo(timeout) < 0) {
      timeout = left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
    CommandResult r;
    try {
      r =
          sandbox.run(
              new CommandSpec(command, workspace.root(), timeout, outputCapBytes, Map.of()));
    } catch (IOException e) {
      throw new ToolException("the command could not be started: " + e.getMessage());
    }
    StringBuilder out = new StringBuilder();
    if (r.timedOut()) {
      out.append("timed out after ")
          .append(timeout.toSeconds())
          .append(" s; the command and its children were killed\n");
    } else {
      out.append("exit code: ").append(r.exitCode()).append('\n');
    }
    if (r.truncated()) {
      out.append("(output was longer than ")
          .append(outputCapBytes)
          .append(" bytes; the middle was cut)\n");
    }
    out.append(r.output());
    return r.succeeded() ? ToolOutput.ok(out.toString()) : ToolOutput.error(out.toString());
  }
}
