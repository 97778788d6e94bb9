package dev.specwright.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.ModelRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The playbooks shipped in {@code playbooks/} are valid and say what their names promise. */
class ShippedPlaybooksTest {

  private final PlaybookLibrary shipped = PlaybookLibrary.at(Path.of("playbooks"));

  @Test
  void everyShippedPlaybookValidatesWithItsTemplates() {
    Map<String, List<PlaybookProblem>> problems = shipped.check();
    assertThat(problems).containsKeys("default", "bugfix", "docs");
    assertThat(problems).allSatisfy((name, list) -> assertThat(list).as(name).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "bugfix", "docs"})
  void everyRoleOfAShippedPlaybookHasItsOwnTemplateBesideIt(String name) {
    EffectivePlaybook p = shipped.resolve(name);
    for (Role role : Role.values()) {
      assertThat(p.playbook().role(role).prompt().file())
          .isEqualTo("playbooks/" + name + "/" + role.key() + ".md");
      assertThat(p.sourceOf(role.key() + ".prompt")).isEqualTo("playbooks/" + name + ".yml");
    }
  }

  @Test
  void defaultRunsTheFullChainWithAStrongPlannerAndCheapDevelopers() {
    Playbook p = shipped.resolve("default").playbook();
    assertThat(p.steps().chain()).containsExactly(Step.values());
    assertThat(p.planner().model()).isEqualTo(ModelRef.parse("anthropic:claude-opus-4-1"));
    assertThat(p.developer().model()).isEqualTo(ModelRef.parse("openai:gpt-5-mini"));
    assertThat(p.developer().modelChain())
        .extracting(ModelRef::toString)
        .containsExactly(
            "openai:gpt-5-mini", "anthropic:claude-haiku-4-5", "anthropic:claude-sonnet-4-5");
    assertThat(p.reviewer().tools()).doesNotContain(AgentTool.WRITE_FILE, AgentTool.EDIT_FILE);
    assertThat(p.strategies().reviewRounds()).isEqualTo(2);
    assertThat(p.concurrency()).isEqualTo(4);
    assertThat(p.planApproval()).isFalse();
    assertThat(p.workflowsWritable()).isFalse();
    assertThat(p.subIssues()).isFalse();
  }

  @Test
  void bugfixRunsOneDeveloperAndRejectsAPlanWithoutARegressionTest() {
    Playbook p = shipped.resolve("bugfix").playbook();
    assertThat(p.concurrency()).isEqualTo(1);
    assertThat(p.researcher().budgets().iterations())
        .isLessThan(BuiltInPlaybook.playbook().researcher().budgets().iterations());
    assertThat(p.planner().prompt().text()).contains("regression test");

    var withoutTest =
        List.of(new PlanRules.PlannedTask("fix", List.of("the crash no longer happens")));
    var withTest =
        List.of(
            new PlanRules.PlannedTask(
                "fix",
                List.of(
                    "the crash no longer happens",
                    "a Regression Test reproduces the crash and passes after the fix")));
    assertThat(p.planRules().violations(withoutTest))
        .singleElement()
        .asString()
        .contains("no subtask has an acceptance criterion matching /regression test/");
    assertThat(p.planRules().violations(withTest)).isEmpty();
  }

  @Test
  void docsProtectsSourceAndBuildFilesButNotTheDocs() {
    Playbook p = shipped.resolve("docs").playbook();
    ProtectedPaths guard = p.pathGuard();
    assertThat(guard.protects("src/main/java/App.java")).isTrue();
    assertThat(guard.protects("pom.xml")).isTrue();
    assertThat(guard.protects("yarn.lock")).isTrue();
    assertThat(guard.protects("docs/guide.md")).isFalse();
    assertThat(guard.protects("docs/src/index.md")).isFalse();
    assertThat(guard.protects("README.md")).isFalse();
    assertThat(p.developer().tools()).doesNotContain(AgentTool.RUN_COMMAND);
    assertThat(p.developer().budgets().costUsd())
        .isLessThan(shipped.resolve("default").playbook().developer().budgets().costUsd());
  }
}
