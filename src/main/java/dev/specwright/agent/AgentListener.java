package dev.specwright.agent;

import dev.specwright.llm.Cost;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.Usage;
import java.time.Duration;
import java.util.List;

/**
 * Observes an attempt as it runs: the CLI prints each turn, the orchestrator updates its status
 * comment and metrics. Called on the attempt's thread; an exception thrown here is logged and does
 * not end the attempt.
 */
public interface AgentListener {

  AgentListener NONE = new AgentListener() {};

  default void onStart(Start start) {}

  default void onTurn(Turn turn) {}

  default void onEnd(AttemptResult result) {}

  /** An attempt begins. */
  record Start(String transcriptId, Role role, int attempt, String label) {}

  /**
   * One model turn and the tool calls it made. Text and results are scrubbed of secrets and
   * shortened for display; {@code totalUsage}/{@code totalCost} are the attempt's so far.
   */
  record Turn(
      int iteration,
      ModelRef model,
      String text,
      List<ToolUse> tools,
      Usage usage,
      Cost cost,
      Usage totalUsage,
      Cost totalCost,
      Duration elapsed) {
    public Turn {
      tools = List.copyOf(tools);
    }
  }

  /** One tool call of a turn, for display: short arguments and a short result. */
  record ToolUse(String name, String arguments, String result, boolean isError) {}
}
