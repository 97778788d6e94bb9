package dev.specwright.github.events;

import dev.specwright.queue.DeliveryHandler.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ping}: GitHub's hello when a webhook is set up; logged, so set-up can be confirmed. */
public final class PingHandler implements EventHandler {

  private static final Logger log = LoggerFactory.getLogger(PingHandler.class);

  @Override
  public String event() {
    return "ping";
  }

  @Override
  public Result handle(WebhookEvent event) {
    log.info(
        "ping from GitHub (hook {}): {}",
        event.payload().path("hook_id").asText("?"),
        event.payload().path("zen").asText(""));
    return Result.HANDLED;
  }
}
