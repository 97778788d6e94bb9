package dev.specwright.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanRulesTest {

  private static PlanRules.PlannedTask task(String key, String... criteria) {
    return new PlanRules.PlannedTask(key, List.of(criteria));
  }

  @Test
  void saysWhichSubtaskLacksACriterionRequiredOfEverySubtask() {
    var rules =
        new PlanRules(
            5,
            List.of(
                new PlanRules.RequiredCriterion(
                    "tests? pass", PlanRules.Scope.EVERY_TASK, "nothing merges red")));
    assertThat(
            rules.violations(List.of(task("a", "all tests pass"), task("b", "the page renders"))))
        .containsExactly(
            "subtask b has no acceptance criterion matching /tests? pass/: nothing merges red");
  }

  @Test
  void saysWhenThePlanHasTooManySubtasks() {
    var rules = new PlanRules(1, List.of());
    assertThat(rules.violations(List.of(task("a"), task("b"))))
        .containsExactly("the plan has 2 subtasks; at most 1 are allowed");
  }

  @Test
  void describesItselfForThePlannersPrompt() {
    var rules =
        new PlanRules(
            2,
            List.of(
                new PlanRules.RequiredCriterion(
                    "regression test", PlanRules.Scope.ANY_TASK, "bugs stay fixed")));
    assertThat(rules.describe())
        .isEqualTo(
            "- at most 2 subtasks\n"
                + "- at least one subtask has an acceptance criterion matching /regression test/"
                + " (bugs stay fixed)");
  }
}
