package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanValidatorTest {

  private final PlanValidator validator = new PlanValidator();

  private static String task(String key, String deps) {
    return "{\"key\":\""
        + key
        + "\",\"title\":\"T "
        + key
        + "\",\"description\":\"D\",\"acceptance_criteria\":[\"works\"],\"files\":[],"
        + "\"depends_on\":["
        + deps
        + "]}";
  }

  private static String plan(String... tasks) {
    return "{\"subtasks\":[" + String.join(",", tasks) + "]}";
  }

  @Test
  void acceptsADagInThePlannersOrderEvenInsideAFencedBlockWithProse() {
    String answer =
        "Here is the plan:\n```json\n"
            + plan(task("a", ""), task("b", "\"a\""), task("c", "\"a\",\"b\""))
            + "\n```\nDone.";
    var result = validator.validate(answer);
    assertThat(result).isInstanceOf(PlanValidator.Accepted.class);
    assertThat(((PlanValidator.Accepted) result).tasks())
        .extracting(PlannedTask::key, PlannedTask::dependsOn)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", java.util.List.of()),
            org.assertj.core.groups.Tuple.tuple("b", java.util.List.of("a")),
            org.assertj.core.groups.Tuple.tuple("c", java.util.List.of("a", "b")));
  }

  static Stream<Arguments> invalidPlans() {
    return Stream.of(
        Arguments.of("notJsonAtAll", "I think we should start with the API.", "no JSON object"),
        Arguments.of("truncatedJson", "{\"subtasks\":[" + task("a", ""), "does not parse"),
        Arguments.of("noSubtasks", "{\"subtasks\":[]}", "subtasks"),
        Arguments.of(
            "missingAcceptanceCriteria",
            "{\"subtasks\":[{\"key\":\"a\",\"title\":\"t\",\"description\":\"d\",\"files\":[],"
                + "\"depends_on\":[]}]}",
            "acceptance_criteria"),
        Arguments.of("keyWithSlashEscapesBranch", plan(task("../main", "")), "pattern"),
        Arguments.of("keyWithUpperCase", plan(task("API", "")), "pattern"),
        Arguments.of(
            "duplicateKeys", plan(task("a", ""), task("a", "")), "duplicate subtask key 'a'"),
        Arguments.of(
            "unknownDependency",
            plan(task("a", "\"ghost\"")),
            "subtask 'a' depends on unknown key 'ghost'"),
        Arguments.of("selfDependency", plan(task("a", "\"a\"")), "subtask 'a' depends on itself"),
        Arguments.of(
            "twoNodeCycle",
            plan(task("a", "\"b\""), task("b", "\"a\"")),
            "the dependencies form a cycle through a, b"),
        Arguments.of(
            "cycleBehindAValidRoot",
            plan(
                task("root", ""),
                task("x", "\"root\",\"z\""),
                task("y", "\"x\""),
                task("z", "\"y\"")),
            "cycle through x, y, z"),
        Arguments.of(
            "extraField", plan(task("a", "").replace("}", ",\"run\":\"rm -rf /\"}")), "run"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPlans")
  void rejectsWithAnErrorThePlannerCanAct(String name, String answer, String expected) {
    var result = validator.validate(answer);
    assertThat(result).isInstanceOf(PlanValidator.Rejected.class);
    assertThat(String.join("\n", ((PlanValidator.Rejected) result).errors())).contains(expected);
  }
}
