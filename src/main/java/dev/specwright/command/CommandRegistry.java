package dev.specwright.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The commands Specwright understands, by name, and the help text listing them. */
public final class CommandRegistry {

  private final Map<String, Command<?>> byName = new LinkedHashMap<>();

  /** Registers {@code commands} in order, then {@code /help}. Names must be unique. */
  public CommandRegistry(List<Command<?>> commands) {
    List<Command<?>> all = new ArrayList<>(commands);
    all.add(new HelpCommand(this));
    for (Command<?> command : all) {
      String name = command.name().toLowerCase(Locale.ROOT);
      if (!name.matches("[a-z][a-z0-9-]*")) {
        throw new IllegalArgumentException("not a command word: " + command.name());
      }
      if (byName.putIfAbsent(name, command) != null) {
        throw new IllegalArgumentException("two commands are named " + name);
      }
    }
  }

  /** Every command of issue 5, in the order the help lists them. */
  public static CommandRegistry standard(RunCommands run, ModelCatalog catalog) {
    return new CommandRegistry(
        List.of(
            new RetryCommand(run),
            new SwitchModelCommand(run, catalog),
            new CancelCommand(run),
            new StatusCommand(run),
            new PlanCommand(run),
            new ApproveCommand(run)));
  }

  public Optional<Command<?>> find(String name) {
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  public List<Command<?>> commands() {
    return List.copyOf(byName.values());
  }

  /**
   * Every command with its line of help, as a Markdown list. No line starts with a slash, so even a
   * quoted or copied help text runs nothing.
   */
  public String helpText() {
    return "Specwright commands (write, maintain or admin permission needed):\n\n"
        + byName.values().stream()
            .map(c -> "- `" + c.usage() + "` — " + c.help())
            .collect(Collectors.joining("\n"));
  }

  static String usageText(Command<?> command) {
    return "`"
        + command.usage()
        + "` — "
        + command.help()
        + "\n\nExamples: "
        + command.examples().stream().map(e -> "`" + e + "`").collect(Collectors.joining(", "));
  }
}
