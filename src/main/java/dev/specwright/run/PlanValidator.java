package dev.specwright.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.playbook.PlanRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a planner's answer: the JSON schema ({@code run/plan.schema.json}), then the graph: keys
 * unique, every dependency a known key other than itself, no cycle; then the playbook's {@link
 * PlanRules}. The errors are written for the planner, which gets them back once.
 */
public final class PlanValidator {

  private final StructuredJson json = new StructuredJson("/run/plan.schema.json");

  /** A valid plan (subtasks in the planner's order), or the reasons it is not one. */
  public sealed interface Result permits Accepted, Rejected {}

  public record Accepted(List<PlannedTask> tasks) implements Result {}

  public record Rejected(List<String> errors) implements Result {}

  public Result validate(String answer) {
    return validate(answer, null);
  }

  /**
   * As {@link #validate(String)}, then the playbook's plan rules (most subtasks, required
   * acceptance criteria); each broken rule is an error that names the rule, so the planner can fix
   * it.
   */
  public Result validate(String answer, PlanRules rules) {
    StructuredJson.Parsed parsed = json.parse(answer);
    if (parsed instanceof StructuredJson.Invalid invalid) {
      return new Rejected(invalid.errors());
    }
    JsonNode root = ((StructuredJson.Valid) parsed).node();
    List<PlannedTask> tasks = new ArrayList<>();
    for (JsonNode t : root.get("subtasks")) {
      tasks.add(
          new PlannedTask(
              t.get("key").asText(),
              t.get("title").asText().strip(),
              t.get("description").asText().strip(),
              strings(t.get("acceptance_criteria")),
              strings(t.get("files")),
              strings(t.get("depends_on"))));
    }
    List<String> errors = new ArrayList<>(graphErrors(tasks));
    if (rules != null) {
      List<PlanRules.PlannedTask> view =
          tasks.stream()
              .map(t -> new PlanRules.PlannedTask(t.key(), t.acceptanceCriteria()))
              .toList();
      rules.violations(view).forEach(v -> errors.add("the playbook's plan rules: " + v));
    }
    return errors.isEmpty() ? new Accepted(List.copyOf(tasks)) : new Rejected(errors);
  }

  static List<String> graphErrors(List<PlannedTask> tasks) {
    List<String> errors = new ArrayList<>();
    Map<String, PlannedTask> byKey = new LinkedHashMap<>();
    for (PlannedTask t : tasks) {
      if (byKey.putIfAbsent(t.key(), t) != null) {
        errors.add("duplicate subtask key '" + t.key() + "'");
      }
    }
    for (PlannedTask t : tasks) {
      for (String d : t.dependsOn()) {
        if (d.equals(t.key())) {
          errors.add("subtask '" + t.key() + "' depends on itself");
        } else if (!byKey.containsKey(d)) {
          errors.add("subtask '" + t.key() + "' depends on unknown key '" + d + "'");
        }
      }
    }
    if (!errors.isEmpty()) {
      return errors;
    }
    // Kahn's algorithm; whatever is left over sits on or behind a cycle.
    Map<String, Integer> indegree = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    for (PlannedTask t : tasks) {
      indegree.put(t.key(), new LinkedHashSet<>(t.dependsOn()).size());
      for (String d : new LinkedHashSet<>(t.dependsOn())) {
        dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(t.key());
      }
    }
    Deque<String> queue = new ArrayDeque<>();
    indegree.forEach(
        (k, n) -> {
          if (n == 0) {
            queue.add(k);
          }
        });
    Set<String> done = new LinkedHashSet<>();
    while (!queue.isEmpty()) {
      String k = queue.poll();
      done.add(k);
      for (String dep : dependents.getOrDefault(k, List.of())) {
        if (indegree.merge(dep, -1, Integer::sum) == 0) {
          queue.add(dep);
        }
      }
    }
    if (done.size() < tasks.size()) {
      // Left over: the cycles and whatever depends on them. Prune the nodes nothing left over
      // depends on, so the message names the cycle itself.
      Map<String, PlannedTask> left = new LinkedHashMap<>();
      tasks.stream().filter(t -> !done.contains(t.key())).forEach(t -> left.put(t.key(), t));
      boolean pruned = true;
      while (pruned) {
        Set<String> needed = new LinkedHashSet<>();
        left.values().forEach(t -> needed.addAll(t.dependsOn()));
        pruned = left.keySet().removeIf(k -> !needed.contains(k));
      }
      errors.add("the dependencies form a cycle through " + String.join(", ", left.keySet()));
    }
    return errors;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText().strip()));
    return out;
  }
}
