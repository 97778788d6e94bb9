package dev.specwright.run;

/** A user's collaborator permission on a repository, as GitHub's permission API reports it. */
public enum Permission {
  NONE,
  READ,
  TRIAGE,
  WRITE,
  MAINTAIN,
  ADMIN;

  /** Write, maintain or admin: may start runs and give instructions to agents. */
  public boolean canWrite() {
    return this == WRITE || this == MAINTAIN || this == ADMIN;
  }
}
