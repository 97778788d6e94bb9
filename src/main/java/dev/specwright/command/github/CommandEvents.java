package dev.specwright.command.github;

import dev.specwright.command.CommandDispatcher;
import dev.specwright.github.events.EventHandler;
import dev.specwright.github.events.WebhookEvent;
import dev.specwright.queue.DeliveryHandler.Result;
import java.util.List;

/**
 * Routes the events people steer Specwright with (comments, reviews, PR closes, check re-runs) to
 * the {@link CommandDispatcher}: one {@link EventHandler} per GitHub event name, all sharing it.
 */
public final class CommandEvents implements EventHandler {

  /** The event names the dispatcher reads. */
  public static final List<String> EVENTS =
      List.of(
          "issue_comment",
          "pull_request_review_comment",
          "pull_request_review",
          "pull_request",
          "check_run",
          "check_suite");

  private final String event;
  private final CommandDispatcher dispatcher;

  private CommandEvents(String event, CommandDispatcher dispatcher) {
    this.event = event;
    this.dispatcher = dispatcher;
  }

  /** One handler per event name of {@link #EVENTS}. */
  public static List<EventHandler> all(CommandDispatcher dispatcher) {
    return EVENTS.stream().<EventHandler>map(e -> new CommandEvents(e, dispatcher)).toList();
  }

  @Override
  public String event() {
    return event;
  }

  @Override
  public Result handle(WebhookEvent e) {
    return dispatcher.dispatch(e.name(), e.payload().toString()) ? Result.HANDLED : Result.IGNORED;
  }
}
