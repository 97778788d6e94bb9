package dev.specwright.playbook;

import java.util.ArrayList;
import java.util.List;

/**
 * Which steps of the chain run. With {@code plan} off the spec runs as a single subtask made from
 * the issue itself; with {@code research} off the planner works without notes.
 */
public record Steps(boolean research, boolean plan, boolean implement, boolean review) {

  public boolean enabled(Step step) {
    return switch (step) {
      case RESEARCH -> research;
      case PLAN -> plan;
      case IMPLEMENT -> implement;
      case REVIEW -> review;
    };
  }

  /** The steps that run, in order. */
  public List<Step> chain() {
    List<Step> chain = new ArrayList<>();
    for (Step s : Step.values()) {
      if (enabled(s)) {
        chain.add(s);
      }
    }
    return List.copyOf(chain);
  }
}
