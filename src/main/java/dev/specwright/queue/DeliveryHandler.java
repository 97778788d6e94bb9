package dev.specwright.queue;

import dev.specwright.store.Delivery;

/**
 * Processes one stored delivery inside its durable job. Throwing makes the job retry with backoff;
 * the handler must therefore be idempotent (look a side effect up before making it).
 */
@FunctionalInterface
public interface DeliveryHandler {

  /** What the handler did with the delivery, for the record and the metrics. */
  enum Result {
    HANDLED,
    IGNORED
  }

  Result handle(Delivery delivery) throws Exception;
}
