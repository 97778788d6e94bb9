package dev.specwright.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs commands as plain processes: the same clean environment, time limit, whole-tree kill and
 * output cap as {@link BubblewrapSandbox}, but no isolation at all (network, the file system and
 * the server's files are all reachable). Only used when {@code SANDBOX=none} is configured.
 */
public final class PlainProcessSandbox implements Sandbox {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final String commandPath;

  public PlainProcessSandbox(String commandPath) {
    this.commandPath = commandPath;
  }

  @Override
  public CommandResult run(CommandSpec command) throws IOException, InterruptedException {
    Path workspace = BubblewrapSandbox.existingWorkspace(command);
    // A private HOME and TMPDIR per command, so caches and temp files do not pile up or leak.
    Path scratch = Files.createTempDirectory("specwright-cmd");
    try {
      Path home = Files.createDirectory(scratch.resolve("home"));
      Path tmp = Files.createDirectory(scratch.resolve("tmp"));
      Map<String, String> env =
          SandboxEnvironment.of(command, commandPath, home.toString(), tmp.toString());
      List<String> argv = new ArrayList<>();
      if (Files.isExecutable(SETSID)) {
        argv.add(SETSID.toString()); // its own session, so leftovers are found by session id
      }
      argv.addAll(List.of("/bin/sh", "-c", command.commandLine()));
      return CommandExecution.run(argv, env, workspace, command, false);
    } finally {
      deleteTree(scratch);
    }
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public String name() {
    return "none";
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // temp scratch; the OS cleans /tmp eventually
    }
  }
}
