package dev.specwright.agent;

import dev.specwright.agent.tools.EditFileTool;
import dev.specwright.agent.tools.FinishTool;
import dev.specwright.agent.tools.ListFilesTool;
import dev.specwright.agent.tools.ReadFileTool;
import dev.specwright.agent.tools.RunCommandTool;
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
 * The tool set of each role: a developer gets every tool; a researcher and a reviewer get the
 * read-only set (list, read, search, run a command) and finish.
 */
final class RoleTools {

  private RoleTools() {}

  static Toolbox toolbox(
      Role role,
      Workspace workspace,
      Sandbox sandbox,
      Duration commandTimeout,
      int commandOutputCap,
      Supplier<Duration> remainingWallTime) {
    List<Tool> tools = new ArrayList<>();
    tools.add(new ListFilesTool(workspace));
    tools.add(new ReadFileTool(workspace));
    tools.add(new SearchTool(workspace));
    if (role.canWrite()) {
      tools.add(new WriteFileTool(workspace));
      tools.add(new EditFileTool(workspace));
    }
    tools.add(
        new RunCommandTool(
            workspace, sandbox, commandTimeout, commandOutputCap, remainingWallTime));
    tools.add(new FinishTool());
    return new Toolbox(tools);
  }
}
