package dev.specwright.playbook;

import java.util.Locale;

/** The steps of a run, in order; each can be switched off by a playbook. */
public enum Step {
  RESEARCH(Role.RESEARCHER),
  PLAN(Role.PLANNER),
  IMPLEMENT(Role.DEVELOPER),
  REVIEW(Role.REVIEWER);

  private final Role role;

  Step(Role role) {
    this.role = role;
  }

  /** The role whose agent carries out this step. */
  public Role role() {
    return role;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
