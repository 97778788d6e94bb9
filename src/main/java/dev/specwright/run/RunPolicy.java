package dev.specwright.run;

import dev.specwright.llm.ModelRef;
import dev.specwright.playbook.AgentTool;
import dev.specwright.playbook.BuiltInPlaybook;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.FallbackTrigger;
import dev.specwright.playbook.PlanRules;
import dev.specwright.playbook.PromptTemplate;
import dev.specwright.playbook.RepositoryCommands;
import dev.specwright.playbook.Steps;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every tunable of a spec run. Playbooks are adapted to this record ({@code
 * run/playbook/PolicyFromPlaybook}); the value types of the playbook package that need no adapting
 * (steps, prompt templates, tools, commands, plan rules) are held as they are. A run keeps the
 * policy it started with (stored with the run), so a changed playbook never changes a run half-way.
 * A field missing from a stored policy (one written before the field existed) reads as its built-in
 * default.
 *
 * @param models fallback chain per role; the first model is used first
 * @param budgets one attempt's budget per role
 * @param concurrency agents (developers and reviewers) running at once per run
 * @param reviewRounds QA rounds that may send a subtask back before it waits for the human
 * @param planApprovalRequired wait for {@code /approve} after the plan is posted
 * @param restartsOnStuck fresh-context retries on the same model before a stuck ending counts
 *     toward {@code fallbackOn}
 * @param taskCostCapUsd spend at which a subtask stops (null: no cap)
 * @param runCostCapUsd spend at which the whole run stops (null: no cap)
 * @param specLabel the label that starts a run
 * @param subIssues open each subtask as a sub-issue of the spec issue
 * @param startWhenDependenciesPushed a dependent starts when its dependencies are pushed, not
 *     merged
 * @param steps which steps of the chain run
 * @param roles each role's prompt template and tool set
 * @param commands the repository's setup and test commands, run in the sandbox
 * @param planRules rules a plan must keep beyond its schema
 * @param fallbackOn endings after which a subtask's next attempt moves down the model chain
 * @param maxAttempts developer attempts per subtask and round, restarts and fallbacks included
 * @param protectedPaths glob patterns the developer's write tools refuse
 * @param workflowsWritable whether agents may change {@code .github/workflows/}
 * @param origin the playbook the policy came from, for the status comment
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
    boolean startWhenDependenciesPushed,
    Steps steps,
    Map<Role, RoleWork> roles,
    RepositoryCommands commands,
    PlanRules planRules,
    Set<FallbackTrigger> fallbackOn,
    int maxAttempts,
    List<String> protectedPaths,
    boolean workflowsWritable,
    Origin origin) {

  /** The built-in attempt limit, as {@code strategies.max_attempts}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  /**
   * How one role's agent is briefed and equipped.
   *
   * @param prompt the template its task message is rendered from (see {@code Prompts})
   * @param tools the tools it is offered ({@code finish} always)
   */
  public record RoleWork(PromptTemplate prompt, Set<AgentTool> tools) {
    public RoleWork {
      java.util.Objects.requireNonNull(prompt, "prompt");
      tools =
          tools == null || tools.isEmpty()
              ? Set.of()
              : Collections.unmodifiableSet(EnumSet.copyOf(tools));
    }

    /** The built-in prompt and tools of a role. */
    public static RoleWork builtIn(Role role) {
      dev.specwright.playbook.Role r = dev.specwright.playbook.Role.valueOf(role.name());
      return new RoleWork(
          BuiltInPlaybook.prompt(r), role == Role.DEVELOPER ? AgentTool.ALL : AgentTool.READ_ONLY);
    }
  }

  /**
   * Where the policy came from: the playbook's name and file, the label that chose it, and every
   * setting a playbook or the repository file changed, with its source.
   */
  public record Origin(
      String playbook, String file, String label, List<EffectivePlaybook.Setting> overrides) {
    public static final Origin BUILT_IN = new Origin("default", "built-in", "spec", List.of());

    public Origin {
      playbook = playbook == null ? "default" : playbook;
      file = file == null ? "built-in" : file;
      label = label == null ? "spec" : label;
      overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }
  }

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
    steps = steps == null ? new Steps(true, true, true, true) : steps;
    if (!steps.plan() && !steps.implement()) {
      throw new IllegalArgumentException("a run needs the plan or the implement step");
    }
    Map<Role, RoleWork> r = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      RoleWork w = roles == null ? null : roles.get(role);
      r.put(role, w == null ? RoleWork.builtIn(role) : w);
    }
    roles = Collections.unmodifiableMap(r);
    commands = commands == null ? new RepositoryCommands(List.of(), "") : commands;
    planRules = planRules == null ? new PlanRules(50, List.of()) : planRules;
    fallbackOn =
        fallbackOn == null
            ? Set.copyOf(EnumSet.allOf(FallbackTrigger.class))
            : Collections.unmodifiableSet(
                fallbackOn.isEmpty()
                    ? EnumSet.noneOf(FallbackTrigger.class)
                    : EnumSet.copyOf(fallbackOn));
    maxAttempts = maxAttempts < 1 ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
    protectedPaths = protectedPaths == null ? List.of() : List.copyOf(protectedPaths);
    origin = origin == null ? Origin.BUILT_IN : origin;
  }

  /** A policy with the built-in steps, prompts, tools, strategies and no commands or paths. */
  public RunPolicy(
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
    this(
        models,
        budgets,
        concurrency,
        reviewRounds,
        planApprovalRequired,
        restartsOnStuck,
        taskCostCapUsd,
        runCostCapUsd,
        specLabel,
        subIssues,
        startWhenDependenciesPushed,
        null,
        null,
        null,
        null,
        null,
        0,
        null,
        false,
        null);
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

  /** The prompt template of a role. */
  public PromptTemplate prompt(Role role) {
    return roles.get(role).prompt();
  }

  /** The tools a role is offered. */
  public Set<AgentTool> tools(Role role) {
    return roles.get(role).tools();
  }

  public RunPolicy withConcurrency(int n) {
    return with(b -> b.concurrency = n);
  }

  public RunPolicy withReviewRounds(int n) {
    return with(b -> b.reviewRounds = n);
  }

  public RunPolicy withPlanApprovalRequired(boolean required) {
    return with(b -> b.planApprovalRequired = required);
  }

  public RunPolicy withCostCaps(BigDecimal task, BigDecimal run) {
    return with(
        b -> {
          b.taskCostCapUsd = task;
          b.runCostCapUsd = run;
        });
  }

  public RunPolicy withSubIssues(boolean on) {
    return with(b -> b.subIssues = on);
  }

  public RunPolicy withStartWhenDependenciesPushed(boolean on) {
    return with(b -> b.startWhenDependenciesPushed = on);
  }

  public RunPolicy withModels(Role role, List<ModelRef> chain) {
    Map<Role, List<ModelRef>> m = new EnumMap<>(models);
    m.put(role, List.copyOf(chain));
    return with(b -> b.models = m);
  }

  public RunPolicy withSteps(Steps s) {
    return with(b -> b.steps = s);
  }

  public RunPolicy withRole(Role role, RoleWork work) {
    Map<Role, RoleWork> m = new EnumMap<>(roles);
    m.put(role, work);
    return with(b -> b.roles = m);
  }

  public RunPolicy withCommands(RepositoryCommands c) {
    return with(b -> b.commands = c);
  }

  public RunPolicy withPlanRules(PlanRules r) {
    return with(b -> b.planRules = r);
  }

  public RunPolicy withAttempts(Set<FallbackTrigger> on, int max) {
    return with(
        b -> {
          b.fallbackOn = on;
          b.maxAttempts = max;
        });
  }

  public RunPolicy withRestartsOnStuck(int n) {
    return with(b -> b.restartsOnStuck = n);
  }

  public RunPolicy withProtectedPaths(List<String> paths, boolean workflows) {
    return with(
        b -> {
          b.protectedPaths = paths;
          b.workflowsWritable = workflows;
        });
  }

  public RunPolicy withOrigin(Origin o) {
    return with(b -> b.origin = o);
  }

  private RunPolicy with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** A mutable copy, so that each {@code with…} names only what it changes. */
  private static final class Copy {
    Map<Role, List<ModelRef>> models;
    Map<Role, Budget> budgets;
    int concurrency;
    int reviewRounds;
    boolean planApprovalRequired;
    int restartsOnStuck;
    BigDecimal taskCostCapUsd;
    BigDecimal runCostCapUsd;
    String specLabel;
    boolean subIssues;
    boolean startWhenDependenciesPushed;
    Steps steps;
    Map<Role, RoleWork> roles;
    RepositoryCommands commands;
    PlanRules planRules;
    Set<FallbackTrigger> fallbackOn;
    int maxAttempts;
    List<String> protectedPaths;
    boolean workflowsWritable;
    Origin origin;

    Copy(RunPolicy p) {
      models = p.models;
      budgets = p.budgets;
      concurrency = p.concurrency;
      reviewRounds = p.reviewRounds;
      planApprovalRequired = p.planApprovalRequired;
      restartsOnStuck = p.restartsOnStuck;
      taskCostCapUsd = p.taskCostCapUsd;
      runCostCapUsd = p.runCostCapUsd;
      specLabel = p.specLabel;
      subIssues = p.subIssues;
      startWhenDependenciesPushed = p.startWhenDependenciesPushed;
      steps = p.steps;
      roles = p.roles;
      commands = p.commands;
      planRules = p.planRules;
      fallbackOn = p.fallbackOn;
      maxAttempts = p.maxAttempts;
      protectedPaths = p.protectedPaths;
      workflowsWritable = p.workflowsWritable;
      origin = p.origin;
    }

    RunPolicy build() {
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
          subIssues,
          startWhenDependenciesPushed,
          steps,
          roles,
          commands,
          planRules,
          fallbackOn,
          maxAttempts,
          protectedPaths,
          workflowsWritable,
          origin);
    }
  }
}
