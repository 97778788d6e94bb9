package dev.specwright.store;

import java.time.Instant;
import java.util.Optional;

/** One line of the recent-deliveries list (a dashboard row): everything but the payload. */
public record DeliverySummary(
    String id,
    String event,
    Optional<String> action,
    Instant receivedAt,
    DeliveryStatus status,
    Optional<Instant> processedAt,
    Optional<String> lastError) {}
