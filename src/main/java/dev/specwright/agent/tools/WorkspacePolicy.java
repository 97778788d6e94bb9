package dev.specwright.agent.tools;

import java.util.List;

/**
 * What the tools may write. {@code .git/} is never readable or writable through the file tools (the
 * orchestrator owns history and credentials); {@code .github/workflows/} is writable only when
 * {@code allowWorkflowWrites} is set, because a workflow runs with the repository's secrets. {@code
 * protectedPaths} are extra glob patterns (relative to the workspace, e.g. {@code secrets/**} or
 * {@code deploy/}) that may be read but not written.
 */
public record WorkspacePolicy(boolean allowWorkflowWrites, List<String> protectedPaths) {

  public static final WorkspacePolicy DEFAULT = new WorkspacePolicy(false, List.of());

  public WorkspacePolicy {
    protectedPaths = List.copyOf(protectedPaths);
  }
}
