package dev.specwright.agent.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specwright.llm.ToolSpec;

/**
 * {@code run_tests}: the repository's own test command (from the playbook or {@code
 * .github/specwright.yml}) in the sandbox, in the workspace. The model cannot choose the command,
 * so a role that must not run arbitrary commands can still run the tests.
 */
public final class RunTestsTool implements Tool {

  private final String command;
  private final RunCommandTool runner;
  private final ToolSpec spec;

  public RunTestsTool(String command, RunCommandTool runner) {
    this.command = command;
    this.runner = runner;
    this.spec =
        new ToolSpec(
            "run_tests",
            "Run the repository's tests ("
                + command
                + ") in the workspace. No network. Returns"
                + " the exit code and the combined output (long output is cut in the middle).",
            """
            {"type":"object","properties":{},"additionalProperties":false}""");
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public ToolOutput call(com.fasterxml.jackson.databind.JsonNode args)
      throws ToolException, InterruptedException {
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    a.put("command", command);
    return runner.call(a);
  }
}
