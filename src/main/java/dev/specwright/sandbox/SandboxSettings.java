package dev.specwright.sandbox;

import dev.specwright.config.ConfigException;
import dev.specwright.config.DatabaseSettings;
import dev.specwright.config.Env;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How agent commands are run, from the environment.
 *
 * <ul>
 *   <li>{@code SANDBOX}: {@code bubblewrap} (default) or {@code none} (a plain process, no
 *       isolation; start-up warns loudly).
 *   <li>{@code SANDBOX_BWRAP}: the bwrap binary; default: found on {@code PATH}.
 *   <li>{@code SANDBOX_HIDE}: extra paths to hide from commands, separated by {@code :}.
 *   <li>{@code SANDBOX_PATH}: {@code PATH} inside the sandbox.
 * </ul>
 *
 * The server's data directory ({@code SPECWRIGHT_DATA_DIR}) and its {@code HOME} are always hidden.
 *
 * @param hidden paths masked inside the sandbox (directories by an empty tmpfs, files by /dev/null)
 */
public record SandboxSettings(
    Mode mode, Optional<Path> bwrap, List<Path> hidden, String commandPath) {

  /** Which sandbox runs agent commands. */
  public enum Mode {
    BUBBLEWRAP,
    NONE
  }

  public static final String SANDBOX = "SANDBOX";
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /**
   * Hidden whatever the configuration: server-side state, other users' homes, credentials, and
   * {@code /run}, where a Unix socket (Docker, PostgreSQL, D-Bus) would let a command out of a
   * network-less sandbox.
   */
  static final List<Path> ALWAYS_HIDDEN =
      List.of(
          Path.of("/root"),
          Path.of("/home"),
          Path.of("/run"),
          Path.of("/var/run"),
          Path.of("/etc/shadow"),
          Path.of("/etc/gshadow"),
          Path.of("/etc/ssh"),
          Path.of("/var/lib/postgresql"));

  /** Directories every command needs; hiding one would leave nothing to run. */
  private static final List<Path> SYSTEM =
      Stream.of("/", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc", "/proc", "/dev", "/tmp")
          .map(Path::of)
          .toList();

  public SandboxSettings {
    hidden = List.copyOf(hidden);
  }

  public static SandboxSettings from(Env env) {
    String raw = env.get(SANDBOX, "bubblewrap").toLowerCase(Locale.ROOT);
    Mode mode =
        switch (raw) {
          case "bubblewrap", "bwrap" -> Mode.BUBBLEWRAP;
          case "none" -> Mode.NONE;
          default ->
              throw new ConfigException(SANDBOX, "expected bubblewrap or none, got '" + raw + "'");
        };
    List<Path> hidden = new ArrayList<>(ALWAYS_HIDDEN);
    hidden.add(Path.of(env.get(DatabaseSettings.DATA_DIR, "./data")).toAbsolutePath().normalize());
    // HOME=/ (common in containers) must not blank the whole root inside the sandbox
    env.get("HOME")
        .map(Path::of)
        .filter(h -> !SYSTEM.contains(h.normalize()))
        .ifPresent(hidden::add);
    env.get("SANDBOX_HIDE")
        .ifPresent(
            list -> {
              for (String p : list.split(":")) {
                if (!p.isBlank()) {
                  Path path = Path.of(p.trim());
                  if (!path.isAbsolute()) {
                    throw new ConfigException("SANDBOX_HIDE", "expected absolute paths, got " + p);
                  }
                  if (SYSTEM.contains(path.normalize())) {
                    throw new ConfigException(
                        "SANDBOX_HIDE", p + " is needed to run commands and cannot be hidden");
                  }
                  hidden.add(path.normalize());
                }
              }
            });
    return new SandboxSettings(
        mode,
        env.get("SANDBOX_BWRAP").map(Path::of),
        hidden,
        env.get("SANDBOX_PATH", DEFAULT_PATH));
  }
}
