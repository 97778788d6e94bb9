package dev.specwright.cli;

import dev.specwright.queue.DeliveryHandler;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryInbox;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NOT DURABLE: a stand-in {@link DeliveryInbox} that keeps delivery ids in memory and hands each
 * new delivery to the handler on one background thread. It exists only until the durable inbox
 * (dev.specwright.queue) is wired into {@link ServeCommand}; then delete this class.
 */
final class InterimInbox implements DeliveryInbox, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InterimInbox.class);

  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "interim-inbox"));
  private final DeliveryHandler handler;

  InterimInbox(DeliveryHandler handler) {
    this.handler = handler;
  }

  @Override
  public Outcome accept(Delivery delivery) {
    if (!seen.add(delivery.id())) {
      return Outcome.DUPLICATE;
    }
    worker.execute(
        () -> {
          try {
            handler.handle(delivery);
          } catch (Exception e) {
            log.warn("delivery {} ({}) failed: {}", delivery.id(), delivery.event(), e.toString());
          }
        });
    return Outcome.ACCEPTED;
  }

  @Override
  public boolean contains(String deliveryId) {
    return seen.contains(deliveryId);
  }

  @Override
  public void close() throws InterruptedException {
    worker.shutdown();
    worker.awaitTermination(10, TimeUnit.SECONDS);
  }
}
