package dev.specwright.cli;

import dev.specwright.agent.TranscriptSink;
import dev.specwright.config.ConfigException;
import dev.specwright.config.Env;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.ModelRegistry;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.InvalidPlaybookException;
import dev.specwright.playbook.PlaybookLibrary;
import dev.specwright.playbook.RepositoryFile;
import dev.specwright.run.Role;
import dev.specwright.run.RunPolicy;
import dev.specwright.run.agents.LoopAgents;
import dev.specwright.run.local.LocalRun;
import dev.specwright.run.playbook.PolicyFromPlaybook;
import dev.specwright.sandbox.Sandbox;
import dev.specwright.sandbox.Sandboxes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code specwright run}: the whole spec run on a local repository, without GitHub, to calibrate a
 * playbook. Exit codes: 0 every subtask finished with a reviewed branch, 1 the run failed or a
 * subtask did not finish (failed, stuck or blocked), 2 bad input or configuration, 130 interrupted.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs research -> plan -> implement -> review on a local git repository, without GitHub.",
      "Each subtask's work lands on its own branch specwright/<n>-<slug>/<key> in the repository;"
          + " the working tree and the checked-out branch are never touched. A report goes to"
          + " <repo>/.specwright/. Ctrl-C stops cleanly."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every subtask finished with a reviewed branch",
      "1:the run failed, or a subtask failed, got stuck or was blocked",
      "2:bad input or configuration",
      "130:interrupted"
    })
public final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--repo",
      required = true,
      paramLabel = "<path>",
      description = "The git repository.")
  Path repo;

  @Option(
      names = "--spec",
      required = true,
      paramLabel = "<file.md>",
      description = "The spec in Markdown; its first heading is the title.")
  Path specFile;

  @Option(
      names = "--playbook",
      defaultValue = "default",
      paramLabel = "<name>",
      description = "The playbook (default: ${DEFAULT-VALUE}).")
  String playbook;

  @Option(
      names = "--playbooks",
      paramLabel = "<dir>",
      description = "The playbooks folder (default: ./playbooks, else the one next to the jar).")
  Path playbooks;

  @Option(
      names = "--model",
      paramLabel = "<role>=<provider:model>",
      description = "Puts a role on another model, e.g. developer=ollama:qwen3-coder; repeatable.")
  List<String> models = new ArrayList<>();

  private final Env env;

  /**
   * @param env where provider keys, base URLs ({@code OLLAMA_BASE_URL}) and the sandbox are set
   */
  public RunCommand(Env env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EffectivePlaybook effective;
    try {
      if (!Files.isRegularFile(specFile)) {
        throw new IllegalArgumentException("--spec " + specFile + " is not a file");
      }
      RepositoryFile repositoryFile =
          LocalRun.fileAtHead(repo, RepositoryFile.PATH)
              .map(RepositoryFile::parse)
              .orElse(RepositoryFile.none());
      PlaybookLibrary library = PlaybookLibrary.at(playbookFolder());
      if (!library.has(playbook)) {
        throw new IllegalArgumentException(
            "no playbook '"
                + playbook
                + "' in "
                + playbookFolder()
                + "; there are "
                + library.names());
      }
      effective = library.resolve(playbook, repositoryFile);
      for (String m : models) {
        int eq = m.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "--model takes <role>=<provider:model>, e.g. developer=ollama:qwen3-coder; got " + m);
        }
        dev.specwright.playbook.Role role =
            dev.specwright.playbook.Role.of(m.substring(0, eq).trim());
        effective =
            effective.withModel(role, ModelRef.parse(m.substring(eq + 1).trim()), "--model");
      }
    } catch (InvalidPlaybookException e) {
      err.println("specwright: " + e.getMessage());
      err.flush();
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("specwright: " + e.getMessage());
      err.flush();
      return 2;
    }

    ModelRegistry registry = ModelRegistry.fromEnv(env);
    List<String> header = new ArrayList<>();
    header.add(effective.summary());
    List<String> skipped = new ArrayList<>();
    RunPolicy policy = usable(PolicyFromPlaybook.policy(effective, "local"), registry, skipped);
    if (!skipped.isEmpty()) {
      header.add("fallbacks skipped (provider not configured): " + String.join(", ", skipped));
    }
    // Protected paths, tools, prompts and commands travel with the policy, as on the server.
    Sandbox sandbox = Sandboxes.fromEnv(env);
    LoopAgents agents = LoopAgents.on(registry, sandbox, TranscriptSink.NONE);

    // Ctrl-C: interrupt the run, then give it time to cancel its agents and clean up. The hook
    // waits for the clean-up, not for the thread, which may go on into System.exit.
    Thread runner = Thread.currentThread();
    CountDownLatch cleanedUp = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              runner.interrupt();
              try {
                cleanedUp.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException ignored) {
                // the JVM is going down anyway
              }
            },
            "specwright-run-interrupt");
    boolean hooked = false;
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      hooked = true;
    } catch (IllegalStateException alreadyShuttingDown) {
      return 130;
    }
    LocalRun.Outcome outcome;
    try {
      outcome =
          new LocalRun(repo, specFile, policy, agents, header)
              .run(
                  out,
                  System.console() != null
                      && System.getenv("TERM") != null
                      && !"dumb".equals(System.getenv("TERM")));
    } catch (IllegalArgumentException e) {
      err.println("specwright: " + e.getMessage());
      err.flush();
      return 2;
    } finally {
      cleanedUp.countDown();
      if (hooked) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it waits for us
        }
      }
    }
    if (outcome.interrupted()) {
      Thread.interrupted(); // reported by the exit code; picocli need not see it
      return 130;
    }
    if (outcome.delivered()) {
      return 0;
    }
    String why =
        outcome.undelivered() > 0
            ? outcome.undelivered()
                + " of "
                + outcome.subtasks().size()
                + " subtasks did not finish (failed, stuck or blocked)"
            : outcome.subtasks().isEmpty()
                ? "no subtask was planned"
                : "the run " + outcome.state().name().toLowerCase(Locale.ROOT);
    err.println("specwright: " + why + "; see " + outcome.report());
    err.flush();
    return 1;
  }

  /**
   * Drops fallbacks whose provider is not configured here (a local run on Ollama keeps the
   * playbook's cloud fallbacks out), and fails clearly when a role's own model cannot be used.
   */
  static RunPolicy usable(RunPolicy policy, ModelRegistry registry, List<String> notes) {
    RunPolicy out = policy;
    for (Role role : Role.values()) {
      List<ModelRef> chain = policy.models().get(role);
      try {
        registry.validate(List.of(chain.get(0)));
      } catch (ConfigException e) {
        throw new ConfigException(
            e.setting(),
            "the "
                + role.label()
                + "'s model "
                + chain.get(0)
                + " cannot be used: "
                + e.getMessage()
                + " (or choose another with --model "
                + role.label()
                + "=<provider:model>)");
      }
      List<ModelRef> kept = new ArrayList<>();
      for (ModelRef m : chain) {
        try {
          registry.validate(List.of(m));
          kept.add(m);
        } catch (ConfigException e) {
          notes.add(role.label() + " " + m + " (" + e.setting() + " not set)");
        }
      }
      out = out.withModels(role, kept);
    }
    return out;
  }

  private Path playbookFolder() {
    if (playbooks != null) {
      return playbooks;
    }
    Path cwd = Path.of("playbooks");
    if (Files.isDirectory(cwd)) {
      return cwd;
    }
    try {
      Path jar =
          Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
        if (Files.isDirectory(dir.resolve("playbooks"))) {
          return dir.resolve("playbooks");
        }
        if (dir.getNameCount() < jar.getNameCount() - 2) {
          break;
        }
      }
    } catch (Exception e) {
      // no code source: only the built-in default playbook is available
    }
    return cwd;
  }
}
