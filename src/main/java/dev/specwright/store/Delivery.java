package dev.specwright.store;

import java.time.Instant;

/**
 * A webhook delivery as received: GitHub's delivery id (the primary key, so a redelivery is a
 * no-op), the event name from {@code X-GitHub-Event}, the raw JSON body, and when it arrived.
 */
public record Delivery(String id, String event, String payload, Instant receivedAt) {}
