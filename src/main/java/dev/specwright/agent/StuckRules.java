package dev.specwright.agent;

/**
 * The thresholds of the stuck detector, as data. The defaults are OpenHands' rules: the same action
 * with the same result 4 times; the same action failing 3 times; 3 turns in a row without a tool
 * call; an A-B-A-B-A-B alternation over 6 steps. A threshold of 0 turns its rule off.
 */
public record StuckRules(
    int sameActionSameResult,
    int sameActionFailing,
    int turnsWithoutToolCall,
    int alternationSteps) {

  public static final StuckRules DEFAULT = new StuckRules(4, 3, 3, 6);
  public static final StuckRules OFF = new StuckRules(0, 0, 0, 0);

  public StuckRules {
    if (sameActionSameResult < 0
        || sameActionFailing < 0
        || turnsWithoutToolCall < 0
        || alternationSteps < 0) {
      throw new IllegalArgumentException("stuck thresholds must not be negative");
    }
    if (alternationSteps % 2 != 0) {
      throw new IllegalArgumentException("alternationSteps must be even (pairs of A-B)");
    }
  }

  /** The names recorded as an attempt's end detail when a rule fires. */
  public enum Rule {
    SAME_ACTION_SAME_RESULT,
    SAME_ACTION_FAILING,
    NO_TOOL_CALLS,
    ALTERNATION;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
