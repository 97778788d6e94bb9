package dev.specwright.github.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.specwright.github.RepoRef;
import dev.specwright.store.Delivery;
import java.io.IOException;
import java.util.Optional;

/**
 * A stored delivery read as a GitHub event: its name ({@code X-GitHub-Event}), its {@code action},
 * and the parsed payload with typed accessors for the fields every handler needs.
 */
public record WebhookEvent(String deliveryId, String name, String action, JsonNode payload) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static WebhookEvent of(Delivery delivery) throws IOException {
    JsonNode payload = JSON.readTree(delivery.payload());
    return new WebhookEvent(
        delivery.id(), delivery.event(), payload.path("action").asText(""), payload);
  }

  /** {@code issues.labeled}, or just {@code ping} for an event without an action. */
  public String key() {
    return action.isEmpty() ? name : name + "." + action;
  }

  public Optional<Long> installationId() {
    JsonNode id = payload.path("installation").path("id");
    return id.canConvertToLong() && id.asLong() > 0 ? Optional.of(id.asLong()) : Optional.empty();
  }

  /** The repository the event is about, through the event's installation. */
  public Optional<RepoRef> repo() {
    String full = payload.path("repository").path("full_name").asText("");
    return installationId().filter(id -> full.contains("/")).map(id -> RepoRef.of(id, full));
  }

  public String senderLogin() {
    return payload.path("sender").path("login").asText("");
  }

  /**
   * True when a bot (an app, including Specwright itself) sent the event. A bot's label or comment
   * never triggers work, so that apps cannot drive each other, or Specwright itself, in loops.
   */
  public boolean isFromBot() {
    return payload.path("sender").path("type").asText("").equalsIgnoreCase("Bot")
        || senderLogin().endsWith("[bot]");
  }
}
