package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.llm.ModelRef;
import dev.specwright.playbook.AgentTool;
import dev.specwright.playbook.FallbackTrigger;
import dev.specwright.playbook.PlaybookLibrary;
import dev.specwright.playbook.RepositoryFile;
import dev.specwright.playbook.Steps;
import dev.specwright.run.playbook.PolicyFromPlaybook;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A run keeps the policy it started with: it is stored as JSON and must read back whole. */
class RunPolicyTest {

  @Test
  void aPolicyFromTheShippedBugfixPlaybookAndARepositoryFileReadsBackEqual() {
    RunPolicy policy =
        PolicyFromPlaybook.policy(
            PlaybookLibrary.at(Path.of("playbooks"))
                .resolve(
                    "bugfix",
                    RepositoryFile.parse(
                        "developer:\n  model: ollama:qwen3-coder\nrepository:\n  setup: [npm ci]\n"
                            + "  test: npm test\nprotected_paths: [migrations/]\n")),
            "spec:bugfix");

    RunPolicy read = RunJson.read(RunJson.write(policy), RunPolicy.class);

    assertThat(read).isEqualTo(policy);
    assertThat(read.planRules().requiredCriteria()).hasSize(1);
    assertThat(read.prompt(Role.PLANNER).file()).isEqualTo("playbooks/bugfix/planner.md");
    assertThat(read.origin().overrides())
        .anyMatch(o -> o.where().equals(".github/specwright.yml:2"));
  }

  @Test
  void aPolicyStoredBeforeThePlaybookFieldsExistedReadsWithTheBuiltInDefaults() {
    RunPolicy defaults =
        RunPolicy.defaults(ModelRef.parse("anthropic:claude-opus-4-1"), ModelRef.parse("openai:x"));
    String json = RunJson.write(defaults);
    String old =
        json.replaceAll(
            ",\"steps\":.*$", "}"); // drop every field from steps on, as an older version wrote

    assertThat(old).contains("\"concurrency\"").doesNotContain("\"roles\"", "\"origin\"");

    RunPolicy read = RunJson.read(old, RunPolicy.class);

    assertThat(read.steps()).isEqualTo(new Steps(true, true, true, true));
    assertThat(read.tools(Role.DEVELOPER)).isEqualTo(AgentTool.ALL);
    assertThat(read.tools(Role.REVIEWER)).isEqualTo(AgentTool.READ_ONLY);
    assertThat(read.prompt(Role.DEVELOPER).file()).isEqualTo("built-in:developer.md");
    assertThat(read.fallbackOn()).containsExactlyInAnyOrder(FallbackTrigger.values());
    assertThat(read.maxAttempts()).isEqualTo(RunPolicy.DEFAULT_MAX_ATTEMPTS);
    assertThat(read.commands().testCommand()).isEmpty();
    assertThat(read.protectedPaths()).isEmpty();
    assertThat(read.origin()).isEqualTo(RunPolicy.Origin.BUILT_IN);
    assertThat(read.concurrency()).isEqualTo(defaults.concurrency());
  }

  @Test
  void aRunWithNeitherPlanNorImplementIsRefused() {
    RunPolicy p =
        RunPolicy.defaults(ModelRef.parse("anthropic:claude-opus-4-1"), ModelRef.parse("openai:x"));
    assertThatThrownBy(() -> p.withSteps(new Steps(true, false, false, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plan or the implement step");
  }
}
