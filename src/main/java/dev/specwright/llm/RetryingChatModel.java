package dev.specwright.llm;

import dev.specwright.llm.ModelException.Kind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a model on the failures that waiting mends (429, 529, 5xx, timeouts, broken connections),
 * honouring {@code retry-after}. A spend limit, a bad request or bad credentials fail at once. An
 * interrupt stops it at once, between attempts or during a wait ({@link Kind#CANCELLED}).
 */
final class RetryingChatModel implements ChatModel {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingChatModel.class);

  static final Set<Kind> RETRIED =
      EnumSet.of(Kind.RATE_LIMITED, Kind.OVERLOADED, Kind.SERVER_ERROR, Kind.TIMEOUT);

  private final ModelRef ref;
  private final ChatModel delegate;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  RetryingChatModel(
      ModelRef ref,
      ChatModel delegate,
      RetryPolicy policy,
      Sleeper sleeper,
      DoubleSupplier random) {
    this.ref = ref;
    this.delegate = delegate;
    this.policy = policy;
    this.sleeper = sleeper;
    this.random = random;
  }

  @Override
  public ChatTurn chat(ChatRequest request) throws ModelException {
    for (int attempt = 1; ; attempt++) {
      if (Thread.currentThread().isInterrupted()) {
        throw cancelled(null);
      }
      ModelException failure;
      try {
        return delegate.chat(request);
      } catch (ModelException e) {
        failure = e;
      }
      if (!RETRIED.contains(failure.kind()) || attempt >= policy.maxAttempts()) {
        throw failure;
      }
      Duration wait;
      if (failure.retryAfter().isPresent()) {
        wait = failure.retryAfter().get();
        if (wait.compareTo(policy.maxRetryAfter()) > 0) {
          throw new ModelException(
              failure.kind(),
              ref,
              failure.getMessage() + " (asked to retry after " + wait + ", longer than we wait)",
              wait,
              failure);
        }
      } else {
        wait = policy.backoff(attempt, random.getAsDouble());
      }
      LOG.info(
          "{} failed (attempt {} of {}): {}; retrying in {} ms",
          ref,
          attempt,
          policy.maxAttempts(),
          failure.getMessage(),
          wait.toMillis());
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw cancelled(e);
      }
    }
  }

  private ModelException cancelled(Throwable cause) {
    return new ModelException(Kind.CANCELLED, ref, ref + ": cancelled while retrying", cause);
  }

  @Override
  public String toString() {
    return ref.toString();
  }
}
