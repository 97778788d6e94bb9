package dev.specwright.agent;

import dev.specwright.llm.ChatModel;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How many attempts a task gets, on which models, and which endings call for another: restart with
 * a fresh context on the same model, or move down a chain of fallback models.
 *
 * @param models the model of attempt n is {@code models[min(n-1, size-1)]}
 * @param retryOn the end reasons after which another attempt is made
 */
public record AttemptStrategy(int maxAttempts, List<ChatModel> models, Set<EndReason> retryOn) {

  public AttemptStrategy {
    models = List.copyOf(models);
    retryOn = Set.copyOf(retryOn);
    if (maxAttempts < 1 || models.isEmpty()) {
      throw new IllegalArgumentException("a strategy needs at least one attempt and one model");
    }
    if (retryOn.contains(EndReason.FINISHED) || retryOn.contains(EndReason.CANCELLED)) {
      throw new IllegalArgumentException("finished and cancelled attempts are never retried");
    }
  }

  /** One attempt, no retry. */
  public static AttemptStrategy single(ChatModel model) {
    return new AttemptStrategy(1, List.of(model), Set.of());
  }

  /**
   * Up to {@code maxAttempts} attempts on the same model, each with a fresh context, after stuck.
   */
  public static AttemptStrategy restartFresh(ChatModel model, int maxAttempts) {
    return new AttemptStrategy(maxAttempts, List.of(model), EnumSet.of(EndReason.STUCK));
  }

  /** One attempt per model of the chain, moving on after stuck or a model error. */
  public static AttemptStrategy fallback(List<ChatModel> chain) {
    return new AttemptStrategy(
        chain.size(), chain, EnumSet.of(EndReason.STUCK, EndReason.MODEL_ERROR));
  }

  public AttemptStrategy retryingOn(Set<EndReason> reasons) {
    return new AttemptStrategy(maxAttempts, models, reasons);
  }

  ChatModel modelFor(int attempt) {
    return models.get(Math.min(attempt - 1, models.size() - 1));
  }
}
