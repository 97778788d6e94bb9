package dev.specwright.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The app's webhook delivery log, as the app itself (JWT): {@code GET /app/hook/deliveries} and
 * {@code POST /app/hook/deliveries/{id}/attempts}. GitHub never redelivers on its own; this is how
 * deliveries missed while the server was down are asked for again.
 */
public final class AppHookDeliveries {

  /** One attempt at a delivery, as GitHub lists it. */
  public record HookDelivery(
      long id, String guid, int statusCode, boolean redelivery, Instant deliveredAt, String event) {

    public boolean succeeded() {
      return statusCode >= 200 && statusCode < 300;
    }
  }

  /** A page of the log and the path of the next (older) page, if any. */
  public record Page(List<HookDelivery> deliveries, Optional<String> nextPage) {}

  private final GitHubRest rest;
  private final AppJwt jwt;

  AppHookDeliveries(GitHubRest rest, AppJwt jwt) {
    this.rest = rest;
    this.jwt = jwt;
  }

  /** The newest deliveries first; pass the previous page's {@code nextPage} to go further back. */
  public Page list(Optional<String> page) throws IOException {
    GitHubRest.Reply reply =
        rest.exchange("GET", page.orElse("app/hook/deliveries?per_page=100"), null, auth());
    List<HookDelivery> out = new ArrayList<>();
    for (JsonNode d : reply.body()) {
      out.add(
          new HookDelivery(
              d.path("id").asLong(),
              d.path("guid").asText(""),
              d.path("status_code").asInt(0),
              d.path("redelivery").asBoolean(false),
              d.hasNonNull("delivered_at")
                  ? Instant.parse(d.get("delivered_at").asText())
                  : Instant.EPOCH,
              d.path("event").asText("")));
    }
    return new Page(out, reply.nextPage());
  }

  /** Asks GitHub to deliver this attempt's payload again. */
  public void redeliver(long deliveryId) throws IOException {
    rest.call("POST", "app/hook/deliveries/" + deliveryId + "/attempts", null, auth());
  }

  private Map<String, String> auth() {
    return Map.of("Authorization", "Bearer " + jwt.mint());
  }
}
