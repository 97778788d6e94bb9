package dev.specwright.run;

import dev.specwright.llm.Cost;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs one agent attempt. The run decides role, models, task and budget; the agent loop (with its
 * tools, stuck detection and provider fallback along {@code models}) does the rest. Researcher and
 * reviewer get read-only tools.
 */
public interface Agents {

  AgentResult run(AgentTask task, Listener listener, Cancellation cancellation);

  /**
   * One attempt's input. {@code models} is a fallback chain: the first is tried first. {@code
   * workspace} is null for the planner, which works from the research notes without tools.
   */
  record AgentTask(
      Role role,
      List<ModelRef> models,
      String instructions,
      String task,
      Path workspace,
      Budget budget) {}

  /** Why an attempt ended. */
  enum EndReason {
    FINISHED,
    BUDGET_EXHAUSTED,
    STUCK,
    MODEL_ERROR,
    CANCELLED
  }

  /**
   * One attempt's outcome: the final text (summary, or the plan / verdict JSON), its figures, and
   * the model that actually answered (null when none did).
   */
  record AgentResult(
      EndReason end,
      String text,
      int iterations,
      Usage usage,
      Cost cost,
      Duration wall,
      ModelRef modelUsed,
      String detail) {}

  /** Live figures while an attempt runs, for the status comment. */
  @FunctionalInterface
  interface Listener {
    void progress(int iterations, Usage usage, Cost cost);

    Listener NONE = (i, u, c) -> {};
  }

  /** Asked by the agent loop between steps; {@link #onCancel} lets it interrupt a model call. */
  interface Cancellation {
    boolean isCancelled();

    void onCancel(Runnable action);
  }
}
