package dev.specwright;

import dev.specwright.cli.PlaybookCommand;
import dev.specwright.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: wiring only. Each subcommand is one class in {@code dev.specwright.cli}. */
@Command(
    name = "specwright",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Turns issues labeled as specs into reviewed pull requests.",
    subcommands = {ServeCommand.class, PlaybookCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code; tests call this instead of main. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new CliErrors());
    return cli.execute(args);
  }

  /** The version from the jar's manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"specwright " + (v == null ? "dev" : v)};
    }
  }
}
