package dev.specwright.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches the steps of one attempt and says when it is going in circles. A step is one tool call
 * with its result, or one model turn with no tool call at all. Actions are compared by tool name
 * and canonical arguments (key order and spacing do not matter), results by their text.
 */
public final class StuckDetector {

  private record Step(String action, String result, boolean isError) {
    boolean isToolStep() {
      return action != null;
    }

    boolean sameAs(Step o) {
      return Objects.equals(action, o.action) && Objects.equals(result, o.result);
    }
  }

  private final StuckRules rules;
  private final List<Step> steps = new ArrayList<>();

  public StuckDetector(StuckRules rules) {
    this.rules = rules;
  }

  /** Records a tool call: {@code action} is the tool's name with its canonical arguments. */
  public Optional<StuckRules.Rule> toolStep(String action, String result, boolean isError) {
    steps.add(new Step(Objects.requireNonNull(action), result, isError));
    return check();
  }

  /** Records a model turn that called no tool. */
  public Optional<StuckRules.Rule> turnWithoutToolCall() {
    steps.add(new Step(null, null, false));
    return check();
  }

  private Optional<StuckRules.Rule> check() {
    if (lastAll(rules.turnsWithoutToolCall(), s -> !s.isToolStep(), false)) {
      return Optional.of(StuckRules.Rule.NO_TOOL_CALLS);
    }
    if (lastAll(rules.sameActionSameResult(), Step::isToolStep, true)) {
      return Optional.of(StuckRules.Rule.SAME_ACTION_SAME_RESULT);
    }
    if (sameActionFailing()) {
      return Optional.of(StuckRules.Rule.SAME_ACTION_FAILING);
    }
    if (alternation()) {
      return Optional.of(StuckRules.Rule.ALTERNATION);
    }
    return Optional.empty();
  }

  /** The last n steps all pass the test (and, if asked, are all the same step). */
  private boolean lastAll(int n, java.util.function.Predicate<Step> test, boolean identical) {
    if (n == 0 || steps.size() < n) {
      return false;
    }
    Step last = steps.get(steps.size() - 1);
    for (int i = steps.size() - n; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (!test.test(s) || (identical && !s.sameAs(last))) {
        return false;
      }
    }
    return true;
  }

  private boolean sameActionFailing() {
    int n = rules.sameActionFailing();
    if (n == 0 || steps.size() < n) {
      return false;
    }
    Step last = steps.get(steps.size() - 1);
    for (int i = steps.size() - n; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (!s.isToolStep() || !s.isError() || !s.action().equals(last.action())) {
        return false;
      }
    }
    return true;
  }

  private boolean alternation() {
    int n = rules.alternationSteps();
    if (n == 0 || steps.size() < n) {
      return false;
    }
    List<Step> tail = steps.subList(steps.size() - n, steps.size());
    Step a = tail.get(0);
    Step b = tail.get(1);
    if (!a.isToolStep() || !b.isToolStep() || a.sameAs(b)) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!tail.get(i).sameAs(i % 2 == 0 ? a : b)) {
        return false;
      }
    }
    return true;
  }
}
