package dev.specwright.playbook;

import java.util.List;
import java.util.Objects;

/**
 * Everything a team tunes about how a run works, fully resolved: built-in defaults, then a playbook
 * file, then the repository's {@code .github/specwright.yml}. See docs/playbooks.md for every
 * field.
 *
 * @param description one line on what the playbook is for
 * @param steps which steps of the chain run
 * @param researcher the researcher role (read-only survey of the repository)
 * @param planner the planner role (splits the spec into subtasks)
 * @param developer the developer role (one agent per subtask)
 * @param reviewer the reviewer role (QA review of each PR)
 * @param strategies restarts, fallbacks, attempts and review rounds
 * @param concurrency how many subtasks run at once
 * @param planApproval whether the plan waits for {@code /approve}
 * @param startDependentsWhen when a dependent subtask may start
 * @param planRules rules the plan must keep
 * @param costCaps spending limits per subtask and per run
 * @param repository the repository's setup and test commands
 * @param protectedPaths glob patterns agents may not change (see {@link ProtectedPaths})
 * @param workflowsWritable whether agents may change {@code .github/workflows/}
 * @param subIssues whether each subtask is also opened as a GitHub sub-issue
 */
public record Playbook(
    String description,
    Steps steps,
    RoleSettings researcher,
    RoleSettings planner,
    RoleSettings developer,
    RoleSettings reviewer,
    Strategies strategies,
    int concurrency,
    boolean planApproval,
    DependencyGate startDependentsWhen,
    PlanRules planRules,
    CostCaps costCaps,
    RepositoryCommands repository,
    List<String> protectedPaths,
    boolean workflowsWritable,
    boolean subIssues) {

  public Playbook {
    description = description == null ? "" : description;
    Objects.requireNonNull(steps, "steps");
    Objects.requireNonNull(researcher, "researcher");
    Objects.requireNonNull(planner, "planner");
    Objects.requireNonNull(developer, "developer");
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(strategies, "strategies");
    Objects.requireNonNull(startDependentsWhen, "startDependentsWhen");
    Objects.requireNonNull(planRules, "planRules");
    Objects.requireNonNull(costCaps, "costCaps");
    Objects.requireNonNull(repository, "repository");
    protectedPaths = List.copyOf(protectedPaths);
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
  }

  /** The settings of one role. */
  public RoleSettings role(Role role) {
    return switch (role) {
      case RESEARCHER -> researcher;
      case PLANNER -> planner;
      case DEVELOPER -> developer;
      case REVIEWER -> reviewer;
    };
  }

  /** The guard the agent's write tools ask before changing a path. */
  public ProtectedPaths pathGuard() {
    return new ProtectedPaths(protectedPaths, workflowsWritable);
  }
}
