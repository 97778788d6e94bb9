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

  /** True when a delivery with this id has been stored; used to find missed deliveries. */
  boolean contains(String deliveryId);
}
