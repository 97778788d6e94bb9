package dev.specwright.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Git workspaces for subtasks: a checkout from the repository's shared mirror on the subtask's
 * branch. The orchestrator commits and pushes; the agent only edits files. The push token lives
 * only in the adapter.
 */
public interface Workspaces {

  /**
   * Fetches the mirror and checks out {@code branch}: the remote branch when it exists (a revision
   * continues it), else a new branch from the default branch.
   */
  Workspace prepare(RepoRef repo, String branch);

  /** Commits every change in the workspace; empty when nothing changed. Returns the new sha. */
  Optional<String> commitAll(Workspace workspace, String message);

  /** The unified diff of the branch's head against its base (merge-base with the default). */
  String diff(Workspace workspace);

  /** Pushes the branch with a fresh token; returns the pushed head sha. */
  String push(Workspace workspace) throws PushRejectedException;

  /** Removes the checkout; never fails for a workspace already gone. */
  void delete(Workspace workspace);

  /** A prepared checkout. */
  record Workspace(RepoRef repo, Path dir, String branch, String baseBranch) {}

  /** The remote refused the push (protected branch, non-fast-forward, hook). */
  final class PushRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PushRejectedException(String reason) {
      super(reason);
    }
  }
}
