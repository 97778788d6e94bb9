package dev.specwright.command;

/**
 * A command that cannot be carried out, with a reason written for the person who gave it (it is
 * posted as the reply). Thrown by argument parsers and by the ports (e.g. "no subtask named x").
 * The message must never carry a secret or an internal error text.
 */
public class CommandRefused extends RuntimeException {

  public CommandRefused(String reasonForUser) {
    super(reasonForUser);
  }
}
