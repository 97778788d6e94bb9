package dev.specwright.github.events;

import dev.specwright.queue.DeliveryHandler;
import dev.specwright.store.Delivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DeliveryHandler} the job queue calls for each stored delivery: reads it as a {@link
 * WebhookEvent} and passes it to every handler registered for its event name, in list order. An
 * event no handler takes is {@link Result#IGNORED}. Counts outcomes in {@code
 * specwright_events_processed_total{event,result}}.
 */
public final class EventRouter implements DeliveryHandler {

  private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

  private final Map<String, List<EventHandler>> byEvent = new LinkedHashMap<>();
  private final MeterRegistry meters;

  public EventRouter(List<? extends EventHandler> handlers, MeterRegistry meters) {
    for (EventHandler h : handlers) {
      byEvent.computeIfAbsent(h.event(), e -> new ArrayList<>()).add(h);
    }
    this.meters = meters;
  }

  /** The event names some handler takes; the webhook route stores others as ignored, no job. */
  public Set<String> events() {
    return byEvent.keySet();
  }

  public boolean handlesEvent(String name) {
    return byEvent.containsKey(name);
  }

  @Override
  public Result handle(Delivery delivery) throws Exception {
    List<EventHandler> handlers = byEvent.getOrDefault(delivery.event(), List.of());
    Result result = Result.IGNORED;
    if (!handlers.isEmpty()) {
      WebhookEvent event = WebhookEvent.of(delivery);
      for (EventHandler h : handlers) {
        if (h.handle(event) == Result.HANDLED) {
          result = Result.HANDLED;
        }
      }
      log.debug("delivery {} ({}) {}", delivery.id(), event.key(), result);
    }
    Counter.builder("specwright_events_processed")
        .description("Stored webhook deliveries processed, by event and result")
        .tag("event", handlers.isEmpty() ? "other" : delivery.event())
        .tag("result", result.name().toLowerCase(java.util.Locale.ROOT))
        .register(meters)
        .increment();
    return result;
  }
}
