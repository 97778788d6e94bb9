package dev.specwright.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A delivery as stored, with what became of it.
 *
 * @param delivery the delivery as received, payload included
 * @param action the payload's top-level {@code action}, if it has one
 * @param status where it stands
 * @param processedAt when its job finished (handled, ignored or failed)
 * @param lastError the last failure of its job, if any (kept while it retries)
 */
public record StoredDelivery(
    Delivery delivery,
    Optional<String> action,
    DeliveryStatus status,
    Optional<Instant> processedAt,
    Optional<String> lastError) {

  public String id() {
    return delivery.id();
  }
}
