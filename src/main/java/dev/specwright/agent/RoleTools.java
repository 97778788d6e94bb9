package dev.specwright.agent;

import dev.specwright.agent.tools.EditFileTool;
import dev.specwright.agent.tools.FinishTool;
import dev.specwright.agent.tools.ListFilesTool;
import dev.specwright.agent.tools.ReadFileTool;
import dev.specwright.agent.tools.RunCommandTool;
import dev.specwright.agent.tools.RunTestsTool;
import dev.specwright.agent.tools.SearchTool;
import dev.specwright.agent.tools.Tool;
import dev.specwright.agent.tools.Toolbox;
import dev.specwright.agent.tools.Workspace;
import dev.specwright.agent.tools.WriteFileTool;
import dev.specwright.sandbox.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The tool set of one attempt: the {@link ToolChoice}'s tools (by default a developer gets every
 * tool, a researcher and a reviewer the read-only set and {@code run_command}), never a write tool
 * for a role that may not write, {@code run_tests} only with a test command, and always {@code
 * finish}.
 */
final class RoleTools {

  private RoleTools() {}

  static Toolbox toolbox(
      Role role,
      ToolChoice choice,
      Workspace workspace,
      Sandbox sandbox,
      Duration commandTimeout,
      int commandOutputCap,
      Supplier<Duration> remainingWallTime) {
    List<Tool> tools = new ArrayList<>();
    if (choice.offers("list_files", role)) {
      tools.add(new ListFilesTool(workspace));
    }
    if (choice.offers("read_file", role)) {
      tools.add(new ReadFileTool(workspace));
    }
    if (choice.offers("search", role)) {
      tools.add(new SearchTool(workspace));
    }
    if (role.canWrite() && choice.offers("write_file", role)) {
      tools.add(new WriteFileTool(workspace));
    }
    if (role.canWrite() && choice.offers("edit_file", role)) {
      tools.add(new EditFileTool(workspace));
    }
    if (choice.offers("run_command", role)) {
      tools.add(
          new RunCommandTool(
              workspace, sandbox, commandTimeout, commandOutputCap, remainingWallTime));
    }
    if (!choice.testCommand().isEmpty() && choice.offers("run_tests", role)) {
      tools.add(
          new RunTestsTool(
              choice.testCommand(),
              new RunCommandTool(
                  workspace, sandbox, commandTimeout, commandOutputCap, remainingWallTime)));
    }
    tools.add(new FinishTool());
    return new Toolbox(tools);
  }
}
