package dev.specwright.github.events;

import dev.specwright.queue.DeliveryHandler.Result;

/**
 * Handles one kind of GitHub event. Adding an event to Specwright is adding one implementation to
 * the list given to {@link EventRouter}. A handler runs inside a durable job and may be retried, so
 * its side effects must be idempotent.
 */
public interface EventHandler {

  /** The {@code X-GitHub-Event} name this handler takes, such as {@code issues}. */
  String event();

  /** Handles the event, or returns {@link Result#IGNORED} for an action it does not act on. */
  Result handle(WebhookEvent event) throws Exception;
}
