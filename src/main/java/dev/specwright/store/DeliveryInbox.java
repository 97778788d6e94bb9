package dev.specwright.store;

/**
 * Where the webhook route puts verified deliveries. {@link #accept} returns once the delivery is
 * durably stored and its processing job is enqueued (or known to be a duplicate); nothing slow
 * happens in it beyond that commit.
 */
public interface DeliveryInbox {

  /** What became of an accepted delivery. */
  enum Outcome {
    ACCEPTED,
    DUPLICATE
  }

  Outcome accept(Delivery delivery);

  /**
   * Stores a delivery of an event no handler takes as {@code ignored}, with no job, durably as
   * {@link #accept} does: so that every delivery GitHub sent is on record (and the missed-delivery
   * sweep does not ask for it again). {@link Outcome#DUPLICATE} when the id is known already.
   */
  Outcome recordIgnored(Delivery delivery);

  /** True when a delivery with this id has been stored; used to find missed deliveries. */
  boolean contains(String deliveryId);
}
