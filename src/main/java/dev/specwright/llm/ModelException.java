package dev.specwright.llm;

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

  public ModelException(Kind kind, ModelRef model, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.model = model;
  }

  public ModelException(Kind kind, ModelRef model, String message) {
    this(kind, model, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public ModelRef model() {
    return model;
  }
}
