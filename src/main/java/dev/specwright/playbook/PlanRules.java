package dev.specwright.playbook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rules a plan must keep beyond its JSON schema. The run checks a plan with {@link #violations} and
 * sends it back to the planner with the messages, just as it does with schema errors.
 *
 * @param maxSubtasks the most subtasks a plan may have
 * @param requiredCriteria acceptance criteria the plan must contain
 */
public record PlanRules(int maxSubtasks, List<RequiredCriterion> requiredCriteria) {

  public PlanRules {
    if (maxSubtasks < 1) {
      throw new IllegalArgumentException("maxSubtasks must be at least 1");
    }
    requiredCriteria = List.copyOf(requiredCriteria);
  }

  /** Where a required criterion must appear. */
  public enum Scope {
    /** In at least one subtask. */
    ANY_TASK,
    /** In every subtask. */
    EVERY_TASK;

    @JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Scope of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * An acceptance criterion the plan must contain.
   *
   * @param matches a regular expression, matched case-insensitively anywhere in a criterion
   * @param in where it must appear
   * @param why the reason, told to the planner when the rule is broken
   */
  public record RequiredCriterion(String matches, Scope in, String why) {
    public RequiredCriterion {
      Pattern.compile(matches); // fails early; the loader reports it with its line first
      in = in == null ? Scope.ANY_TASK : in;
      why = why == null ? "" : why;
    }

    boolean heldBy(List<String> criteria) {
      Pattern p = Pattern.compile(matches, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      return criteria.stream().anyMatch(c -> p.matcher(c).find());
    }

    String describe() {
      String where = in == Scope.ANY_TASK ? "at least one subtask" : "every subtask";
      return where
          + " has an acceptance criterion matching /"
          + matches
          + "/"
          + (why.isBlank() ? "" : " (" + why + ")");
    }
  }

  /** The part of a planned subtask the rules look at. */
  public record PlannedTask(String key, List<String> acceptanceCriteria) {
    public PlannedTask {
      acceptanceCriteria = List.copyOf(acceptanceCriteria);
    }
  }

  /** What a plan breaks, in plain words for the planner; empty when it keeps every rule. */
  public List<String> violations(List<PlannedTask> plan) {
    List<String> out = new ArrayList<>();
    if (plan.size() > maxSubtasks) {
      out.add("the plan has " + plan.size() + " subtasks; at most " + maxSubtasks + " are allowed");
    }
    for (RequiredCriterion rule : requiredCriteria) {
      if (rule.in() == Scope.ANY_TASK) {
        if (plan.stream().noneMatch(t -> rule.heldBy(t.acceptanceCriteria()))) {
          out.add(
              "no subtask has an acceptance criterion matching /"
                  + rule.matches()
                  + "/"
                  + (rule.why().isBlank() ? "" : ": " + rule.why()));
        }
      } else {
        for (PlannedTask t : plan) {
          if (!rule.heldBy(t.acceptanceCriteria())) {
            out.add(
                "subtask "
                    + t.key()
                    + " has no acceptance criterion matching /"
                    + rule.matches()
                    + "/"
                    + (rule.why().isBlank() ? "" : ": " + rule.why()));
          }
        }
      }
    }
    return out;
  }

  /** The rules in plain words, for the planner's prompt ({@code {{plan_rules}}}). */
  public String describe() {
    StringBuilder b = new StringBuilder("- at most " + maxSubtasks + " subtasks");
    for (RequiredCriterion r : requiredCriteria) {
      b.append("\n- ").append(r.describe());
    }
    return b.toString();
  }
}
