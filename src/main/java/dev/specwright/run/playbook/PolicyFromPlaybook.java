package dev.specwright.run.playbook;

import dev.specwright.llm.ModelRef;
import dev.specwright.playbook.Budgets;
import dev.specwright.playbook.DependencyGate;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.Playbook;
import dev.specwright.playbook.RoleSettings;
import dev.specwright.playbook.Step;
import dev.specwright.run.Budget;
import dev.specwright.run.Role;
import dev.specwright.run.RunPolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adapts a resolved playbook to the {@link RunPolicy} a run is started with. The policy holds what
 * the orchestrator reads today: models and fallbacks per role, budgets, concurrency, review rounds,
 * plan approval, stuck restarts, cost caps, label, sub-issues and the dependency gate. {@link
 * #notCarried} names every setting of the playbook that the run does not apply yet, so that a user
 * is told rather than surprised.
 */
public final class PolicyFromPlaybook {

  /** Field prefixes of {@link EffectivePlaybook.Override#field()} that the policy carries. */
  private static final Set<String> CARRIED =
      Set.of(
          "researcher.model",
          "researcher.fallbacks",
          "researcher.budgets",
          "planner.model",
          "planner.fallbacks",
          "planner.budgets",
          "developer.model",
          "developer.fallbacks",
          "developer.budgets",
          "reviewer.model",
          "reviewer.fallbacks",
          "reviewer.budgets",
          "strategies.restarts_on_stuck",
          "strategies.review_rounds",
          "concurrency",
          "plan_approval",
          "start_dependents_when",
          "cost_caps",
          "sub_issues",
          "label",
          "playbook",
          "description");

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
    for (Role role : Role.values()) {
      RoleSettings r = p.role(playbookRole(role));
      models.put(role, r.modelChain());
      budgets.put(role, budget(r.budgets()));
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
        p.startDependentsWhen() == DependencyGate.PUSHED);
  }

  static dev.specwright.playbook.Role playbookRole(Role role) {
    return dev.specwright.playbook.Role.valueOf(role.name());
  }

  static Budget budget(Budgets b) {
    return new Budget(b.iterations(), b.tokens(), b.wallTime(), b.costUsd());
  }

  /**
   * What the playbook sets that the run does not apply yet, one plain line each: steps switched
   * off, prompts, tool sets, setup and test commands, protected paths, plan rules, fallback
   * triggers and the attempt limit. Empty when everything it changed is carried.
   */
  public static List<String> notCarried(EffectivePlaybook effective) {
    List<String> out = new ArrayList<>();
    Playbook p = effective.playbook();
    for (Step s : Step.values()) {
      if (!p.steps().enabled(s)) {
        out.add("steps." + s.key() + " off (the run always runs it)");
      }
    }
    for (EffectivePlaybook.Override o : effective.overrides()) {
      String f = o.field();
      boolean carried = CARRIED.stream().anyMatch(c -> f.equals(c) || f.startsWith(c + "."));
      if (!carried && !f.startsWith("steps.")) {
        out.add(f + " (" + o.source() + ")");
      }
    }
    return List.copyOf(out);
  }
}
