package dev.specwright.github;

import dev.specwright.github.AppHookDeliveries.HookDelivery;
import dev.specwright.store.DeliveryInbox;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds webhook deliveries that failed while the server was down or unreachable and asks GitHub to
 * send them again: every delivery id ({@code guid}) in the app's recent log that has no successful
 * attempt and is not in the inbox gets one redelivery request. Run at start-up and periodically.
 */
public final class MissedDeliveries {

  private static final Logger log = LoggerFactory.getLogger(MissedDeliveries.class);
  private static final int MAX_PAGES = 10;

  private final Supplier<Optional<AppHookDeliveries>> source;
  private final DeliveryInbox inbox;
  private final Clock clock;
  private final Duration lookback;
  private final Duration retryAfter;
  private final Map<String, Instant> requested = new HashMap<>();

  /**
   * @param lookback how far back to look (GitHub keeps the log for a few days)
   * @param retryAfter how long to wait before asking again for a delivery already asked for
   */
  public MissedDeliveries(
      Supplier<Optional<AppHookDeliveries>> source,
      DeliveryInbox inbox,
      Clock clock,
      Duration lookback,
      Duration retryAfter) {
    this.source = source;
    this.inbox = inbox;
    this.clock = clock;
    this.lookback = lookback;
    this.retryAfter = retryAfter;
  }

  /**
   * Looks once; returns how many redeliveries were requested. Nothing happens while unregistered.
   */
  public synchronized int recover() throws IOException {
    Optional<AppHookDeliveries> api = source.get();
    if (api.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    Instant horizon = now.minus(lookback);
    Map<String, HookDelivery> failedByGuid = new LinkedHashMap<>();
    Map<String, Boolean> succeeded = new HashMap<>();
    Optional<String> page = Optional.empty();
    for (int i = 0; i < MAX_PAGES; i++) {
      AppHookDeliveries.Page p = api.get().list(page);
      boolean older = false;
      for (HookDelivery d : p.deliveries()) {
        if (d.deliveredAt().isBefore(horizon)) {
          older = true;
          continue;
        }
        if (d.succeeded()) {
          succeeded.put(d.guid(), true);
        } else {
          failedByGuid.putIfAbsent(d.guid(), d); // the log is newest first
        }
      }
      if (older || p.nextPage().isEmpty()) {
        break;
      }
      page = p.nextPage();
    }
    requested.values().removeIf(at -> at.isBefore(now.minus(lookback)));
    int count = 0;
    for (HookDelivery d : failedByGuid.values()) {
      if (succeeded.containsKey(d.guid()) || d.guid().isEmpty()) {
        continue;
      }
      Instant asked = requested.get(d.guid());
      if (asked != null && asked.isAfter(now.minus(retryAfter))) {
        continue;
      }
      if (inbox.contains(d.guid())) {
        continue;
      }
      api.get().redeliver(d.id());
      requested.put(d.guid(), now);
      count++;
    }
    if (count > 0) {
      log.info("asked GitHub to redeliver {} missed webhook deliveries", count);
    }
    return count;
  }

  /** For logs and tests: the delivery ids asked for so far. */
  synchronized List<String> requestedGuids() {
    return List.copyOf(requested.keySet());
  }
}
