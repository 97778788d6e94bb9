package dev.specwright.run.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.ModelRef;
import dev.specwright.playbook.AgentTool;
import dev.specwright.playbook.CostCaps;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.FallbackTrigger;
import dev.specwright.playbook.Playbook;
import dev.specwright.playbook.PlaybookLibrary;
import dev.specwright.playbook.RepositoryFile;
import dev.specwright.playbook.RoleSettings;
import dev.specwright.playbook.Strategies;
import dev.specwright.run.Budget;
import dev.specwright.run.Role;
import dev.specwright.run.RunPolicy;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resolved playbook becomes the policy a run starts with. */
class PolicyFromPlaybookTest {

  @TempDir Path folder;

  EffectivePlaybook resolve(String yaml, String repositoryFile) throws Exception {
    Files.writeString(folder.resolve("team.yml"), yaml);
    return PlaybookLibrary.at(folder)
        .resolve(
            "team",
            repositoryFile == null ? RepositoryFile.none() : RepositoryFile.parse(repositoryFile));
  }

  @Test
  void everyFieldThePolicyHoldsComesFromThePlaybook() throws Exception {
    EffectivePlaybook p =
        resolve(
            """
            developer:
              model: ollama:qwen3-coder
              fallbacks: [openai:gpt-5-mini, ollama:qwen3-coder]
              budgets: { iterations: 25, tokens: 90000, cost_usd: 0.75, wall_time: 7m }
            strategies:
              restarts_on_stuck: 3
              review_rounds: 1
            concurrency: 2
            plan_approval: true
            start_dependents_when: pushed
            cost_caps: { task_usd: 1.50, run_usd: 9.00 }
            sub_issues: true
            """,
            null);

    RunPolicy policy = PolicyFromPlaybook.policy(p, "spec:team");

    assertThat(policy.models().get(Role.DEVELOPER))
        .containsExactly(ModelRef.parse("ollama:qwen3-coder"), ModelRef.parse("openai:gpt-5-mini"));
    assertThat(policy.budgets().get(Role.DEVELOPER))
        .isEqualTo(new Budget(25, 90_000, Duration.ofMinutes(7), new BigDecimal("0.75")));
    assertThat(policy.restartsOnStuck()).isEqualTo(3);
    assertThat(policy.reviewRounds()).isEqualTo(1);
    assertThat(policy.concurrency()).isEqualTo(2);
    assertThat(policy.planApprovalRequired()).isTrue();
    assertThat(policy.startWhenDependenciesPushed()).isTrue();
    assertThat(policy.taskCostCapUsd()).isEqualByComparingTo("1.50");
    assertThat(policy.runCostCapUsd()).isEqualByComparingTo("9.00");
    assertThat(policy.subIssues()).isTrue();
    assertThat(policy.specLabel()).isEqualTo("spec:team");
    // Roles the playbook left alone keep the built-in chain, never an empty one.
    for (Role r : Role.values()) {
      assertThat(policy.models().get(r)).isNotEmpty();
    }
  }

  @Test
  void theRepositoryFileWinsOverThePlaybook() throws Exception {
    EffectivePlaybook p =
        resolve(
            "developer:\n  model: openai:gpt-5-mini\n",
            "developer:\n  model: ollama:qwen3-coder\n");
    assertThat(PolicyFromPlaybook.policy(p).models().get(Role.DEVELOPER).get(0))
        .isEqualTo(ModelRef.parse("ollama:qwen3-coder"));
  }

  @Test
  void theShippedDefaultPlaybookMakesAValidPolicy() {
    EffectivePlaybook p = PlaybookLibrary.at(Path.of("playbooks")).resolve("default");
    RunPolicy policy = PolicyFromPlaybook.policy(p);
    assertThat(policy.models().get(Role.PLANNER).get(0))
        .isEqualTo(ModelRef.parse("anthropic:claude-opus-4-1"));
    assertThat(policy.startWhenDependenciesPushed()).isFalse();
    assertThat(policy.concurrency()).isEqualTo(4);
  }

  @Test
  void stepsPromptsToolsCommandsRulesStrategiesAndPathsAreCarriedToo() throws Exception {
    Files.createDirectories(folder.resolve("team"));
    Files.writeString(folder.resolve("team/developer.md"), "TEAM BRIEF for {{task}}\n");
    EffectivePlaybook p =
        resolve(
            """
            steps: { research: false, review: false }
            developer:
              prompt: team/developer.md
              tools: [read_file, edit_file, run_tests]
            strategies:
              fallback_on: [model_error]
              max_attempts: 2
            plan_rules:
              max_subtasks: 3
              required_criteria:
                - { matches: "regression test", why: bugs come back }
            repository: { setup: [npm ci], test: npm test }
            protected_paths: [migrations/]
            workflows_writable: true
            """,
            "# the repository's own\nprotected_paths: [\"*.lock\"]\n");

    RunPolicy policy = PolicyFromPlaybook.policy(p, "spec:team");

    assertThat(policy.steps().research()).isFalse();
    assertThat(policy.steps().review()).isFalse();
    assertThat(policy.steps().plan()).isTrue();
    assertThat(policy.prompt(Role.DEVELOPER).text()).isEqualTo("TEAM BRIEF for {{task}}\n");
    assertThat(policy.prompt(Role.REVIEWER).file()).isEqualTo("built-in:reviewer.md");
    assertThat(policy.tools(Role.DEVELOPER))
        .containsExactlyInAnyOrder(AgentTool.READ_FILE, AgentTool.EDIT_FILE, AgentTool.RUN_TESTS);
    assertThat(policy.fallbackOn()).containsExactly(FallbackTrigger.MODEL_ERROR);
    assertThat(policy.maxAttempts()).isEqualTo(2);
    assertThat(policy.planRules().maxSubtasks()).isEqualTo(3);
    assertThat(policy.planRules().requiredCriteria()).hasSize(1);
    assertThat(policy.commands().setup()).containsExactly("npm ci");
    assertThat(policy.commands().test()).isEqualTo("npm test");
    assertThat(policy.protectedPaths()).containsExactly("migrations/", "*.lock");
    assertThat(policy.workflowsWritable()).isTrue();
    assertThat(policy.origin().playbook()).isEqualTo("team");
    assertThat(policy.origin().label()).isEqualTo("spec:team");
    assertThat(policy.origin().overrides())
        .contains(
            new EffectivePlaybook.Setting(
                "protected_paths", "migrations/, *.lock", ".github/specwright.yml", 2));
    assertThat(policy.origin().overrides())
        .filteredOn(o -> o.field().equals("developer.prompt"))
        .singleElement()
        .satisfies(o -> assertThat(o.where()).endsWith("/team.yml:3"));
  }

  /**
   * The guard that replaced the list of settings the run did not apply: every field of a playbook
   * (and of its roles and strategies) is named here with the policy field that carries it. A new
   * playbook field fails this test until the policy carries it and it is added here.
   */
  @Test
  void everyPlaybookFieldHasAPlaceInThePolicy() {
    Set<String> carried =
        Set.of(
            "description", // shown with the playbook's name; not a tunable of the run
            "steps",
            "researcher",
            "planner",
            "developer",
            "reviewer",
            "strategies",
            "concurrency",
            "planApproval",
            "startDependentsWhen",
            "planRules",
            "costCaps",
            "repository",
            "protectedPaths",
            "workflowsWritable",
            "subIssues");
    assertThat(names(Playbook.class)).isEqualTo(carried);
    assertThat(names(RoleSettings.class))
        .isEqualTo(Set.of("model", "fallbacks", "prompt", "tools", "budgets"));
    assertThat(names(Strategies.class))
        .isEqualTo(Set.of("restartsOnStuck", "fallbackOn", "maxAttempts", "reviewRounds"));
    assertThat(names(CostCaps.class)).isEqualTo(Set.of("taskUsd", "runUsd"));
  }

  private static Set<String> names(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .collect(Collectors.toSet());
  }
}
