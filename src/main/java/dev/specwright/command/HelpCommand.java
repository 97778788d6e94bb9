package dev.specwright.command;

import java.util.List;
import java.util.Optional;

/**
 * {@code /help [command]}: every command with its line of help, or one command's usage and
 * examples. Unknown commands get the same list.
 */
public final class HelpCommand implements Command<Optional<Command<?>>> {

  private final CommandRegistry registry;

  HelpCommand(CommandRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "help";
  }

  @Override
  public String usage() {
    return "/help [command]";
  }

  @Override
  public String help() {
    return "List the commands, or show one command's usage and examples.";
  }

  @Override
  public List<String> examples() {
    return List.of("/help", "/help switch-model");
  }

  @Override
  public Optional<Command<?>> parse(List<String> args, CommandContext context) {
    if (args.size() > 1) {
      throw new CommandRefused("takes at most one command name. Usage: `" + usage() + "`");
    }
    if (args.isEmpty()) {
      return Optional.empty();
    }
    String name = args.getFirst().replaceFirst("^/", "");
    return Optional.of(
        registry
            .find(name)
            .orElseThrow(
                () ->
                    new CommandRefused(
                        "there is no command "
                            + CodeSpan.of(name)
                            + ".\n\n"
                            + registry.helpText())));
  }

  @Override
  public String run(Optional<Command<?>> command, CommandContext context) {
    return command.map(CommandRegistry::usageText).orElseGet(registry::helpText);
  }
}
