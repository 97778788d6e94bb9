package dev.specwright.store;

/** A database operation failed; the message names the table and says what went wrong. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
