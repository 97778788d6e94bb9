package dev.specwright.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * A model call that failed for good: retries were spent or the failure is not worth retrying (a
 * spend limit, a bad request). {@code kind} says which, for the attempt's recorded end reason.
 */
public final class ModelException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, coarsely, so callers can choose a strategy. */
  public enum Kind {
    RATE_LIMITED,
    OVERLOADED,
    SERVER_ERROR,
    TIMEOUT,
    SPEND_LIMIT,
    AUTHENTICATION,
    BAD_REQUEST,
    MALFORMED_RESPONSE,
    CANCELLED,
    OTHER
  }

  private final Kind kind;
  private final ModelRef model;
  private final transient Duration retryAfter;

  /**
   * @param retryAfter how long the provider asked us to wait before the next try ({@code
   *     retry-after}), or null when it did not say
   */
  public ModelException(
      Kind kind, ModelRef model, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.model = model;
    this.retryAfter = retryAfter;
  }

  public ModelException(Kind kind, ModelRef model, String message, Throwable cause) {
    this(kind, model, message, null, cause);
  }

  public ModelException(Kind kind, ModelRef model, String message) {
    this(kind, model, message, null, null);
  }

  public Kind kind() {
    return kind;
  }

  public ModelRef model() {
    return model;
  }

  /** The wait the provider asked for (its {@code retry-after} header), when it gave one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
