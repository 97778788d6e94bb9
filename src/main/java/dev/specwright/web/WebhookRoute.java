package dev.specwright.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.specwright.github.WebhookSignature;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryInbox;
import dev.specwright.web.WebhookMetrics.Outcome;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhook}. In this order: 503 until the app is registered; 401 without a signature;
 * 413 above 25 MB; 401 with a wrong signature (checked over the raw bytes before anything reads
 * them); 400 without {@code X-GitHub-Event}/{@code X-GitHub-Delivery} or with a body that is not a
 * JSON object; then the inbox stores it: 202 when new, 200 when the delivery id was seen before. An
 * event no handler takes is stored as ignored, with no job, and answered 200. Nothing slow runs
 * here: processing happens in the job.
 */
public final class WebhookRoute implements Handler {

  private static final Logger log = LoggerFactory.getLogger(WebhookRoute.class);

  public static final long MAX_BODY_BYTES = 25L * 1024 * 1024;
  public static final String EVENT_HEADER = "X-GitHub-Event";
  public static final String DELIVERY_HEADER = "X-GitHub-Delivery";
  private static final Pattern EVENT = Pattern.compile("[a-z_]{1,64}");
  private static final Pattern DELIVERY = Pattern.compile("[A-Za-z0-9-]{1,100}");
  private static final JsonFactory JSON = new JsonFactory();

  private final Supplier<Optional<WebhookSignature>> signature;
  private final DeliveryInbox inbox;
  private final Predicate<String> wantedEvents;
  private final WebhookMetrics metrics;
  private final Clock clock;

  public WebhookRoute(
      Supplier<Optional<WebhookSignature>> signature,
      DeliveryInbox inbox,
      Predicate<String> wantedEvents,
      WebhookMetrics metrics,
      Clock clock) {
    this.signature = signature;
    this.inbox = inbox;
    this.wantedEvents = wantedEvents;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void handle(Context ctx) {
    Optional<WebhookSignature> check = signature.get();
    if (check.isEmpty()) {
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
          .result(
              "Specwright has no GitHub App credentials yet. Open this server's home page (/) to"
                  + " register the app on GitHub, or set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH)"
                  + " and WEBHOOK_SECRET and restart.\n");
      return;
    }
    String given = ctx.header(WebhookSignature.HEADER);
    if (given == null || given.isBlank()) {
      reject(ctx, HttpStatus.UNAUTHORIZED, Outcome.BAD_SIGNATURE, "missing X-Hub-Signature-256");
      return;
    }
    if (ctx.contentLength() > MAX_BODY_BYTES) {
      reject(ctx, HttpStatus.CONTENT_TOO_LARGE, Outcome.MALFORMED, "body above 25 MB");
      return;
    }
    byte[] body;
    try {
      body = ctx.bodyAsBytes();
    } catch (HttpResponseException e) {
      reject(ctx, HttpStatus.CONTENT_TOO_LARGE, Outcome.MALFORMED, "body above 25 MB");
      return;
    }
    if (body.length > MAX_BODY_BYTES) {
      reject(ctx, HttpStatus.CONTENT_TOO_LARGE, Outcome.MALFORMED, "body above 25 MB");
      return;
    }
    if (!check.get().matches(body, given)) {
      reject(ctx, HttpStatus.UNAUTHORIZED, Outcome.BAD_SIGNATURE, "signature does not match");
      return;
    }
    String event = ctx.header(EVENT_HEADER);
    String deliveryId = ctx.header(DELIVERY_HEADER);
    if (event == null || !EVENT.matcher(event).matches()) {
      reject(ctx, HttpStatus.BAD_REQUEST, Outcome.MALFORMED, "missing or invalid X-GitHub-Event");
      return;
    }
    if (deliveryId == null || !DELIVERY.matcher(deliveryId).matches()) {
      metrics.count(event, Outcome.MALFORMED);
      ctx.status(HttpStatus.BAD_REQUEST).result("missing or invalid X-GitHub-Delivery\n");
      return;
    }
    if (!isJsonObject(body)) {
      metrics.count(event, Outcome.MALFORMED);
      ctx.status(HttpStatus.BAD_REQUEST).result("the body is not a JSON object\n");
      return;
    }
    boolean wanted = wantedEvents.test(event);
    Delivery delivery =
        new Delivery(deliveryId, event, new String(body, StandardCharsets.UTF_8), clock.instant());
    DeliveryInbox.Outcome outcome;
    try {
      outcome = wanted ? inbox.accept(delivery) : inbox.recordIgnored(delivery);
    } catch (RuntimeException e) {
      // GitHub marks the delivery failed; the missed-delivery sweep asks for it again.
      log.error("could not store delivery {} ({})", deliveryId, event, e);
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result("could not store the delivery\n");
      return;
    }
    if (outcome == DeliveryInbox.Outcome.DUPLICATE) {
      metrics.count(event, Outcome.DUPLICATE);
      ctx.status(HttpStatus.OK).result("duplicate delivery " + deliveryId + "\n");
    } else if (!wanted) {
      metrics.count(event, Outcome.IGNORED);
      ctx.status(HttpStatus.OK).result("ignored: Specwright does not handle " + event + "\n");
    } else {
      metrics.count(event, Outcome.ACCEPTED);
      ctx.status(HttpStatus.ACCEPTED).result("accepted\n");
    }
  }

  private void reject(Context ctx, HttpStatus status, Outcome outcome, String why) {
    metrics.count(WebhookMetrics.UNVERIFIED, outcome);
    log.debug("webhook rejected from {}: {}", ctx.ip(), why);
    ctx.status(status).result(why + "\n");
  }

  /** A full syntax check without building a tree: walks every token once. */
  static boolean isJsonObject(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      int depth = 1;
      while (depth > 0) {
        JsonToken t = p.nextToken();
        if (t == null) {
          return false;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        } else if (t == JsonToken.VALUE_STRING) {
          p.getTextLength(); // forces the string to be decoded, so bad escapes are caught
        }
      }
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
