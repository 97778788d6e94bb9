package dev.specwright;

import dev.specwright.cli.AgentCommand;
import dev.specwright.cli.PlaybookCommand;
import dev.specwright.cli.RunCommand;
import dev.specwright.cli.ServeCommand;
import dev.specwright.config.Env;
import dev.specwright.llm.ModelRegistry;
import dev.specwright.sandbox.Sandbox;
import dev.specwright.sandbox.Sandboxes;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
    // Built on first use, so that --help and the commands that call no model need no keys.
    Supplier<ModelRegistry> registry = once(() -> ModelRegistry.fromEnv(Env.system()));
    cli.addSubcommand("agent", new AgentCommand(ref -> registry.get().model(ref), Main::sandbox));
    cli.addSubcommand("run", new RunCommand(Env.system()));
    return cli.execute(args);
  }

  private static Sandbox sandbox() {
    try {
      return Sandboxes.fromEnv(Env.system());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the sandbox", e);
    }
  }

  private static <T> Supplier<T> once(Supplier<T> make) {
    AtomicReference<T> made = new AtomicReference<>();
    return () -> {
      T t = made.get();
      if (t == null) {
        synchronized (made) {
          t = made.get();
          if (t == null) {
            t = make.get();
            made.set(t);
          }
        }
      }
      return t;
    };
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
