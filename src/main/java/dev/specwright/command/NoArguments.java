package dev.specwright.command;

import java.util.List;

/** The argument check shared by the commands that take none. */
final class NoArguments {

  private NoArguments() {}

  static Void check(List<String> args, String usage) {
    if (!args.isEmpty()) {
      throw new CommandRefused("takes no arguments. Usage: `" + usage + "`");
    }
    return null;
  }
}
