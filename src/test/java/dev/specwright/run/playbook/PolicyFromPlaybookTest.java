package dev.specwright.run.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.ModelRef;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.PlaybookLibrary;
import dev.specwright.playbook.RepositoryFile;
import dev.specwright.run.Budget;
import dev.specwright.run.Role;
import dev.specwright.run.RunPolicy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
  void settingsTheRunCannotApplyAreNamedNotDropped() throws Exception {
    EffectivePlaybook p =
        resolve(
            """
            steps: { research: false }
            protected_paths: [migrations/]
            repository: { test: npm test }
            concurrency: 3
            """,
            null);
    List<String> missing = PolicyFromPlaybook.notCarried(p);
    assertThat(missing)
        .anyMatch(l -> l.startsWith("steps.research off"))
        .anyMatch(l -> l.startsWith("protected_paths"))
        .anyMatch(l -> l.startsWith("repository.test"))
        .noneMatch(l -> l.startsWith("concurrency"));
  }

  @Test
  void aPlaybookTheRunFullyAppliesHasNothingMissing() throws Exception {
    EffectivePlaybook p = resolve("concurrency: 3\nplan_approval: true\n", null);
    assertThat(PolicyFromPlaybook.notCarried(p)).isEmpty();
  }
}
