package dev.specwright.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs commands under bubblewrap: new user, pid, network, IPC, UTS and cgroup namespaces (so no
 * network at all, not even loopback), every capability dropped, the host root read-only, a fresh
 * {@code /proc}, {@code /dev} and {@code /tmp}, the server's secrets hidden, and only the workspace
 * writable.
 *
 * <p>A workspace's {@code .git} is mounted read-only on top of the writable workspace, so a command
 * can run {@code git diff} or {@code git log} but cannot plant hooks, rewrite config or move refs
 * that the orchestrator later acts on outside the sandbox. Object directories the workspace borrows
 * through {@code objects/info/alternates} (the shared mirror) are mounted read-only at their own
 * path, so git inside the sandbox finds its objects while the mirror stays out of reach for writes.
 */
public final class BubblewrapSandbox implements Sandbox {

  private static final String HOME = "/tmp/home";

  private final Path bwrap;
  private final List<Path> hidden;
  private final String commandPath;

  public BubblewrapSandbox(Path bwrap, List<Path> hidden, String commandPath) {
    this.bwrap = bwrap;
    this.hidden = List.copyOf(hidden);
    this.commandPath = commandPath;
  }

  @Override
  public CommandResult run(CommandSpec command) throws IOException, InterruptedException {
    Path workspace = existingWorkspace(command);
    Map<String, String> env = SandboxEnvironment.of(command, commandPath, HOME, "/tmp");
    return CommandExecution.run(
        argv(workspace, env, command.commandLine()), Map.of(), workspace, command, true);
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public String name() {
    return "bubblewrap";
  }

  /** The full bwrap command line; package-visible so tests can read what is mounted. */
  List<String> argv(Path workspace, Map<String, String> env, String commandLine)
      throws IOException {
    List<String> a = new ArrayList<>();
    a.add(bwrap.toString());
    a.addAll(
        List.of(
            "--unshare-all", // user(-try), pid, net, ipc, uts, cgroup(-try)
            "--die-with-parent",
            "--new-session", // no TIOCSTI into a terminal we might share
            "--cap-drop",
            "ALL",
            "--hostname",
            "sandbox",
            "--ro-bind",
            "/",
            "/",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--tmpfs",
            "/tmp",
            "--dir",
            HOME));
    for (Path path : hidden) {
      hide(a, path);
    }
    String ws = workspace.toString();
    a.addAll(List.of("--bind", ws, ws));
    Path git = workspace.resolve(".git");
    if (Files.exists(git, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(git)) {
      a.addAll(List.of("--ro-bind", git.toString(), git.toString()));
    }
    for (Path objects : alternates(git)) {
      a.addAll(List.of("--ro-bind", objects.toString(), objects.toString()));
    }
    a.addAll(List.of("--chdir", ws, "--clearenv"));
    env.forEach((k, v) -> a.addAll(List.of("--setenv", k, v)));
    a.addAll(List.of("--", "/bin/sh", "-c", commandLine));
    return a;
  }

  /** An empty tmpfs over a directory, /dev/null over a file; a missing path needs no hiding. */
  private static void hide(List<String> a, Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    String real = path.toRealPath().toString();
    if (Files.isDirectory(path)) {
      a.addAll(List.of("--tmpfs", real));
    } else {
      a.addAll(List.of("--ro-bind", "/dev/null", real));
    }
  }

  private static Set<Path> alternates(Path git) throws IOException {
    Path file = git.resolve("objects/info/alternates");
    Set<Path> dirs = new LinkedHashSet<>();
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Optional.of(line.strip())
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .map(l -> git.resolve("objects").resolve(l).normalize())
            .filter(Files::isDirectory)
            .ifPresent(dirs::add);
      }
    }
    return dirs;
  }

  static Path existingWorkspace(CommandSpec command) throws IOException {
    Path ws = command.workspace();
    if (!Files.isDirectory(ws)) {
      throw new IOException("the workspace does not exist: " + ws);
    }
    return ws.toRealPath();
  }

  /**
   * Runs {@code true} once in a throwaway workspace: fails when bwrap is missing or the kernel (or
   * AppArmor, or a container's seccomp profile) refuses it namespaces.
   *
   * @return empty when it works, else what bwrap said
   */
  public Optional<String> probe() throws InterruptedException {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("specwright-sandbox-probe");
      CommandResult r =
          run(
              CommandSpec.of("true", dir)
                  .withTimeout(java.time.Duration.ofSeconds(20))
                  .withOutputCap(4096));
      return r.succeeded()
          ? Optional.empty()
          : Optional.of("exit " + r.exitCode() + ": " + r.output().strip());
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    } finally {
      if (dir != null) {
        try {
          Files.deleteIfExists(dir);
        } catch (IOException ignored) {
          // a stray empty temp dir is harmless
        }
      }
    }
  }
}
