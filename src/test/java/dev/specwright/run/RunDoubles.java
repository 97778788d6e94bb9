package dev.specwright.run;

import java.nio.file.Path;
import java.util.Map;

/**
 * The run package's scripted agents and in-memory workspaces, for wiring tests in other packages
 * that exercise everything around them (webhooks, queue, GitHub adapters, commands).
 */
public final class RunDoubles {

  private RunDoubles() {}

  /** Agents whose planner answers {@code plan}; developers write {@code <key>.txt}. */
  public static Agents agents(String plan) {
    ScriptedAgents a = new ScriptedAgents();
    a.planAnswers.add(plan);
    return a;
  }

  /** Workspaces in memory over a remote whose main branch holds {@code baseFiles}. */
  public static Workspaces workspaces(Path root, Map<String, String> baseFiles) {
    return new FakeWorkspaces(root, baseFiles);
  }

  /** What was pushed to {@code branch}, or null when nothing was. */
  public static Map<String, String> pushed(Workspaces workspaces, String branch) {
    return ((FakeWorkspaces) workspaces).remote.get(branch);
  }
}
