package dev.specwright.run.playbook;

import dev.specwright.llm.ModelRef;
import dev.specwright.playbook.Budgets;
import dev.specwright.playbook.DependencyGate;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.Playbook;
import dev.specwright.playbook.RoleSettings;
import dev.specwright.run.Budget;
import dev.specwright.run.Role;
import dev.specwright.run.RunPolicy;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Adapts a resolved playbook to the {@link RunPolicy} a run is started with. Every setting of the
 * playbook is carried: steps, models and fallbacks, prompt templates and tool sets per role,
 * budgets, strategies (restarts, fallback triggers, attempts, review rounds), concurrency, plan
 * approval, the dependency gate, plan rules, cost caps, the repository's commands, protected paths,
 * the workflow switch and sub-issues; and where the playbook came from, for the status comment.
 */
public final class PolicyFromPlaybook {

  private PolicyFromPlaybook() {}

  /** The policy of a run started by the label {@code spec}. */
  public static RunPolicy policy(EffectivePlaybook effective) {
    return policy(effective, "spec");
  }

  /** The policy of a run whose start label is {@code specLabel}. */
  public static RunPolicy policy(EffectivePlaybook effective, String specLabel) {
    Playbook p = effective.playbook();
    Map<Role, List<ModelRef>> models = new EnumMap<>(Role.class);
    Map<Role, Budget> budgets = new EnumMap<>(Role.class);
    Map<Role, RunPolicy.RoleWork> roles = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      RoleSettings r = p.role(playbookRole(role));
      models.put(role, r.modelChain());
      budgets.put(role, budget(r.budgets()));
      roles.put(role, new RunPolicy.RoleWork(r.prompt(), r.tools()));
    }
    return new RunPolicy(
        models,
        budgets,
        p.concurrency(),
        p.strategies().reviewRounds(),
        p.planApproval(),
        p.strategies().restartsOnStuck(),
        p.costCaps().taskUsd(),
        p.costCaps().runUsd(),
        specLabel,
        p.subIssues(),
        p.startDependentsWhen() == DependencyGate.PUSHED,
        p.steps(),
        roles,
        p.repository(),
        p.planRules(),
        p.strategies().fallbackOn(),
        p.strategies().maxAttempts(),
        p.protectedPaths(),
        p.workflowsWritable(),
        new RunPolicy.Origin(effective.name(), effective.file(), specLabel, effective.overrides()));
  }

  static dev.specwright.playbook.Role playbookRole(Role role) {
    return dev.specwright.playbook.Role.valueOf(role.name());
  }

  static Budget budget(Budgets b) {
    return new Budget(b.iterations(), b.tokens(), b.wallTime(), b.costUsd());
  }
}
