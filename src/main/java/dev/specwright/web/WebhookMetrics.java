package dev.specwright.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code specwright_webhooks_received_total{event,outcome}}. The event tag is the {@code
 * X-GitHub-Event} header only once the signature has proved GitHub sent it; before that it is
 * {@code unverified}, so that strangers cannot mint label values.
 */
public final class WebhookMetrics {

  /** What the webhook route did with a request. */
  public enum Outcome {
    ACCEPTED,
    DUPLICATE,
    BAD_SIGNATURE,
    MALFORMED,
    IGNORED;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String UNVERIFIED = "unverified";

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Outcome o : Outcome.values()) {
      counter(UNVERIFIED, o); // so that every outcome shows in /metrics from the start
    }
  }

  public void count(String event, Outcome outcome) {
    counter(event, outcome).increment();
  }

  private Counter counter(String event, Outcome outcome) {
    return counters.computeIfAbsent(
        event + '\0' + outcome.tag(),
        k ->
            Counter.builder("specwright.webhooks.received")
                .description("Webhook requests received, by event and outcome")
                .tag("event", event)
                .tag("outcome", outcome.tag())
                .register(registry));
  }
}
