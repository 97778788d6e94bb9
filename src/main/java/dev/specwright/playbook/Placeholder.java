package dev.specwright.playbook;

import static dev.specwright.playbook.Role.DEVELOPER;
import static dev.specwright.playbook.Role.PLANNER;
import static dev.specwright.playbook.Role.RESEARCHER;
import static dev.specwright.playbook.Role.REVIEWER;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A named value the run fills into a prompt template as {@code {{name}}}. Each is available to the
 * roles that have it at that point of the run; a template that uses one its role does not get is
 * invalid, so that a prompt never silently renders a hole.
 */
public enum Placeholder {
  /** The issue's title and body, cleaned of hidden text. */
  SPEC("the spec: the issue's title and body", RESEARCHER, PLANNER, DEVELOPER, REVIEWER),
  ISSUE_TITLE("the issue's title", RESEARCHER, PLANNER, DEVELOPER, REVIEWER),
  REPOSITORY("the repository as owner/name", RESEARCHER, PLANNER, DEVELOPER, REVIEWER),
  REPO_GUIDANCE(
      "AGENTS.md, CLAUDE.md, .github/copilot-instructions.md, CONTRIBUTING.md when present",
      RESEARCHER,
      PLANNER,
      DEVELOPER,
      REVIEWER),
  SETUP_COMMAND("the repository's setup commands", RESEARCHER, DEVELOPER, REVIEWER),
  TEST_COMMAND("the repository's test command", RESEARCHER, PLANNER, DEVELOPER, REVIEWER),
  PROTECTED_PATHS("the paths agents may not change", PLANNER, DEVELOPER, REVIEWER),
  RESEARCH_NOTES("the researcher's notes (empty when research is off)", PLANNER),
  MAX_SUBTASKS("the most subtasks a plan may have", PLANNER),
  PLAN_RULES("the playbook's plan rules in plain words", PLANNER),
  PLAN("the whole plan, for context", DEVELOPER, REVIEWER),
  TASK("the subtask: its key, title and description", DEVELOPER, REVIEWER),
  ACCEPTANCE_CRITERIA("the subtask's acceptance criteria, one per line", DEVELOPER, REVIEWER),
  FILES("the files the plan expects the subtask to touch", DEVELOPER, REVIEWER),
  REVIEW_COMMENTS("the reviewer's requested changes (empty on the first round)", DEVELOPER),
  PREVIOUS_ATTEMPT("why the previous attempt ended (empty on the first attempt)", DEVELOPER),
  DIFF("the pull request's diff", REVIEWER);

  private final String meaning;
  private final Set<Role> roles;

  Placeholder(String meaning, Role first, Role... more) {
    this.meaning = meaning;
    this.roles = Set.copyOf(EnumSet.of(first, more));
  }

  /** The name as written in a template, without braces: {@code acceptance_criteria}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What the run fills in, in plain words (for the docs and for error messages). */
  public String meaning() {
    return meaning;
  }

  public boolean availableTo(Role role) {
    return roles.contains(role);
  }

  public static Optional<Placeholder> byKey(String key) {
    return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst();
  }

  /** The placeholders a role's template may use, in declaration order. */
  public static Set<Placeholder> forRole(Role role) {
    EnumSet<Placeholder> out = EnumSet.noneOf(Placeholder.class);
    for (Placeholder p : values()) {
      if (p.availableTo(role)) {
        out.add(p);
      }
    }
    return out;
  }
}
