package dev.specwright.store;

import java.util.Locale;

/** Where a stored delivery stands: waiting for its job, or what the job made of it. */
public enum DeliveryStatus {
  /** Stored, its job not yet finished (it may be retrying). */
  PENDING,
  /** The handler acted on it. */
  HANDLED,
  /** The handler looked at it and had nothing to do. */
  IGNORED,
  /** Its job used up its attempts; {@code last_error} says why. */
  FAILED;

  /** The value in the {@code status} column. */
  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeliveryStatus ofColumn(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
