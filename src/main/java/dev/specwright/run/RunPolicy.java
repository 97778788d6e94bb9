package dev.specwright.run;

import dev.specwright.llm.ModelRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every tunable of a spec run. Playbooks are richer; they are adapted to this record. A run keeps
 * the policy it started with (stored with the run), so a changed playbook never changes a run
 * half-way.
 *
 * @param models fallback chain per role; the first model is used first
 * @param budgets one attempt's budget per role
 * @param concurrency agents (developers and reviewers) running at once per run
 * @param reviewRounds QA rounds that may send a subtask back before it waits for the human
 * @param planApprovalRequired wait for {@code /approve} after the plan is posted
 * @param restartsOnStuck fresh-context retries on the same model before the fallback model
 * @param taskCostCapUsd spend at which a subtask stops (null: no cap)
 * @param runCostCapUsd spend at which the whole run stops (null: no cap)
 * @param specLabel the label that starts a run
 * @param subIssues open each subtask as a sub-issue of the spec issue
 * @param startWhenDependenciesPushed a dependent starts when its dependencies are pushed, not
 *     merged
 */
public record RunPolicy(
    Map<Role, List<ModelRef>> models,
    Map<Role, Budget> budgets,
    int concurrency,
    int reviewRounds,
    boolean planApprovalRequired,
    int restartsOnStuck,
    BigDecimal taskCostCapUsd,
    BigDecimal runCostCapUsd,
    String specLabel,
    boolean subIssues,
    boolean startWhenDependenciesPushed) {

  public RunPolicy {
    models = Map.copyOf(models);
    budgets = Map.copyOf(budgets);
    for (Role r : Role.values()) {
      if (models.getOrDefault(r, List.of()).isEmpty()) {
        throw new IllegalArgumentException("no model for the " + r.label());
      }
      if (!budgets.containsKey(r)) {
        throw new IllegalArgumentException("no budget for the " + r.label());
      }
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    if (reviewRounds < 0 || restartsOnStuck < 0) {
      throw new IllegalArgumentException("review rounds and restarts cannot be negative");
    }
  }

  /** The defaults: one model for every role, 4 at once, 2 review rounds, $5 a task, $50 a run. */
  public static RunPolicy defaults(ModelRef strong, ModelRef cheap) {
    Map<Role, List<ModelRef>> models = new EnumMap<>(Role.class);
    models.put(Role.RESEARCHER, List.of(cheap, strong));
    models.put(Role.PLANNER, List.of(strong));
    models.put(Role.DEVELOPER, List.of(cheap, strong));
    models.put(Role.REVIEWER, List.of(strong));
    Map<Role, Budget> budgets = new EnumMap<>(Role.class);
    budgets.put(Role.RESEARCHER, Budget.of(30, 400_000, Duration.ofMinutes(10), "1.00"));
    budgets.put(Role.PLANNER, Budget.of(10, 200_000, Duration.ofMinutes(10), "1.00"));
    budgets.put(Role.DEVELOPER, Budget.of(80, 2_000_000, Duration.ofMinutes(30), "3.00"));
    budgets.put(Role.REVIEWER, Budget.of(30, 400_000, Duration.ofMinutes(10), "1.00"));
    return new RunPolicy(
        models,
        budgets,
        4,
        2,
        false,
        1,
        new BigDecimal("5.00"),
        new BigDecimal("50.00"),
        "spec",
        false,
        false);
  }

  public RunPolicy withConcurrency(int n) {
    return new RunPolicy(
        models,
        budgets,
        n,
        reviewRounds,
        planApprovalRequired,
        restartsOnStuck,
        taskCostCapUsd,
        runCostCapUsd,
        specLabel,
        subIssues,
        startWhenDependenciesPushed);
  }

  public RunPolicy withReviewRounds(int n) {
    return new RunPolicy(
        models,
        budgets,
        concurrency,
        n,
        planApprovalRequired,
        restartsOnStuck,
        taskCostCapUsd,
        runCostCapUsd,
        specLabel,
        subIssues,
        startWhenDependenciesPushed);
  }

  public RunPolicy withPlanApprovalRequired(boolean required) {
    return new RunPolicy(
        models,
        budgets,
        concurrency,
        reviewRounds,
        required,
        restartsOnStuck,
        taskCostCapUsd,
        runCostCapUsd,
        specLabel,
        subIssues,
        startWhenDependenciesPushed);
  }

  public RunPolicy withCostCaps(BigDecimal task, BigDecimal run) {
    return new RunPolicy(
        models,
        budgets,
        concurrency,
        reviewRounds,
        planApprovalRequired,
        restartsOnStuck,
        task,
        run,
        specLabel,
        subIssues,
        startWhenDependenciesPushed);
  }

  public RunPolicy withSubIssues(boolean on) {
    return new RunPolicy(
        models,
        budgets,
        concurrency,
        reviewRounds,
        planApprovalRequired,
        restartsOnStuck,
        taskCostCapUsd,
        runCostCapUsd,
        specLabel,
        on,
        startWhenDependenciesPushed);
  }

  public RunPolicy withModels(Role role, List<ModelRef> chain) {
    Map<Role, List<ModelRef>> m = new EnumMap<>(models);
    m.put(role, List.copyOf(chain));
    return new RunPolicy(
        m,
        budgets,
        concurrency,
        reviewRounds,
        planApprovalRequired,
        restartsOnStuck,
        taskCostCapUsd,
        runCostCapUsd,
        specLabel,
        subIssues,
        startWhenDependenciesPushed);
  }
}
