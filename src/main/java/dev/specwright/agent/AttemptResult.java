package dev.specwright.agent;

import dev.specwright.llm.Cost;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.Usage;
import java.time.Duration;
import java.util.List;

/**
 * How one attempt ended and what it used.
 *
 * @param detail which budget ({@code iterations}, {@code tokens}, {@code cost}, {@code wall_time})
 *     or stuck rule ({@code same_action_same_result}, …) ended it, the model error, or the
 *     cancellation reason; empty when finished
 * @param summary the agent's {@code finish} summary; empty unless finished
 * @param models the models that answered, in order of first use
 */
public record AttemptResult(
    String transcriptId,
    Role role,
    int attempt,
    EndReason endReason,
    String detail,
    String summary,
    int iterations,
    Usage usage,
    Cost cost,
    Duration wallTime,
    List<ModelRef> models) {

  public AttemptResult {
    models = List.copyOf(models);
  }

  public boolean finished() {
    return endReason == EndReason.FINISHED;
  }

  /** One line for logs and the CLI: {@code finished after 7 iterations, 12,034 tokens, $0.0312}. */
  public String describe() {
    String why =
        detail.isEmpty() ? endReason.wireName() : endReason.wireName() + " (" + detail + ")";
    return why
        + " after "
        + iterations
        + (iterations == 1 ? " iteration, " : " iterations, ")
        + String.format("%,d", usage.total())
        + " tokens, "
        + cost
        + ", "
        + wallTime.toMillis() / 1000.0
        + " s";
  }
}
