package dev.specwright.llm;

import java.util.List;

/**
 * The result of one {@link ChatModel#chat} call: the model's message, why it stopped, what it used
 * and cost, which model actually answered (after any fallback), and the fallbacks taken on the way
 * (empty when the first model answered).
 */
public record ChatTurn(
    Message.Assistant message,
    StopReason stopReason,
    Usage usage,
    Cost cost,
    ModelRef model,
    List<FallbackEvent> fallbacks) {

  public ChatTurn {
    fallbacks = List.copyOf(fallbacks);
  }

  /** A turn answered by the first model asked, with no fallback. */
  public ChatTurn(
      Message.Assistant message, StopReason stopReason, Usage usage, Cost cost, ModelRef model) {
    this(message, stopReason, usage, cost, model, List.of());
  }

  /** This turn with {@code earlier} fallback events recorded before its own. */
  public ChatTurn withFallbacks(List<FallbackEvent> earlier) {
    if (earlier.isEmpty()) {
      return this;
    }
    var all = new java.util.ArrayList<>(earlier);
    all.addAll(fallbacks);
    return new ChatTurn(message, stopReason, usage, cost, model, all);
  }
}
