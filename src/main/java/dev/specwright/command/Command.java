package dev.specwright.command;

import java.util.List;

/**
 * One comment command: its name, help, permission rule, argument parser and action. Adding a
 * command means writing one class and adding it to {@link CommandRegistry#standard}; the dispatcher
 * never changes.
 *
 * @param <A> the parsed arguments
 */
public interface Command<A> {

  /** The command word, lower case, without the slash: {@code switch-model}. */
  String name();

  /** The syntax, e.g. {@code /retry [task-key]}. */
  String usage();

  /** One line saying what the command does. */
  String help();

  /** Complete command lines a person could paste. */
  List<String> examples();

  /** The least repository permission a person needs to give this command. */
  default Permission minimumPermission() {
    return Permission.WRITE;
  }

  /**
   * Checks and reads the arguments (no side effects).
   *
   * @throws CommandRefused when the arguments are wrong, saying what is expected
   */
  A parse(List<String> args, CommandContext context);

  /**
   * Carries the command out.
   *
   * @return the reply, one or two sentences saying what happened
   * @throws CommandRefused when it cannot be done, saying why
   */
  String run(A args, CommandContext context);
}
