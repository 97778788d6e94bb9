package dev.specwright.agent.tools;

import java.util.Optional;

/**
 * What a tool returns: the text for the model, whether it is an error, and, for {@code finish}
 * only, the agent's summary (which ends the attempt).
 */
public record ToolOutput(String content, boolean isError, Optional<String> finishSummary) {

  public static ToolOutput ok(String content) {
    return new ToolOutput(content, false, Optional.empty());
  }

  public static ToolOutput error(String content) {
    return new ToolOutput(content, true, Optional.empty());
  }

  public static ToolOutput finish(String summary) {
    return new ToolOutput("Finished.", false, Optional.of(summary));
  }
}
