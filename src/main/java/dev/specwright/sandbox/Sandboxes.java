package dev.specwright.sandbox;

import dev.specwright.config.ConfigException;
import dev.specwright.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the sandbox at start-up: bubblewrap unless {@code SANDBOX=none}. Bubblewrap is probed
 * once (a real {@code bwrap … true}); if it is missing or cannot create namespaces, start-up fails
 * with a {@link ConfigException} that says what to do, rather than agents running unconfined.
 */
public final class Sandboxes {

  private static final Logger log = LoggerFactory.getLogger(Sandboxes.class);

  private Sandboxes() {}

  public static Sandbox fromEnv(Env env) throws InterruptedException {
    return start(SandboxSettings.from(env), env.get("PATH", SandboxSettings.DEFAULT_PATH));
  }

  /**
   * Starts the sandbox the settings name, checking that it works here.
   *
   * @param searchPath where to look for {@code bwrap} when no binary is configured
   */
  public static Sandbox start(SandboxSettings settings, String searchPath)
      throws InterruptedException {
    if (settings.mode() == SandboxSettings.Mode.NONE) {
      log.warn(
          "*** SANDBOX=none: agent commands run as plain processes with NO isolation: they can"
              + " reach the network and read or write anything this server's user can. Use only"
              + " on a throwaway machine. ***");
      return new PlainProcessSandbox(settings.commandPath());
    }
    Path bwrap =
        settings
            .bwrap()
            .or(() -> onPath("bwrap", searchPath))
            .orElseThrow(
                () ->
                    new ConfigException(
                        SandboxSettings.SANDBOX,
                        "bubblewrap (bwrap) was not found; install it (Debian/Ubuntu: apt-get"
                            + " install bubblewrap) or set SANDBOX=none to run agent commands"
                            + " without isolation"));
    BubblewrapSandbox sandbox =
        new BubblewrapSandbox(bwrap, settings.hidden(), settings.commandPath());
    Optional<String> failure = sandbox.probe();
    if (failure.isPresent()) {
      throw new ConfigException(
          SandboxSettings.SANDBOX,
          "bubblewrap at "
              + bwrap
              + " cannot create its sandbox ("
              + failure.get().replace('\n', ' ')
              + "); allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1,"
              + " or an AppArmor profile for bwrap on Ubuntu 24.04+; in Docker run with"
              + " --security-opt seccomp=unconfined --security-opt apparmor=unconfined), or set"
              + " SANDBOX=none to run agent commands without isolation");
    }
    log.info("sandbox: bubblewrap at {} (no network, read-only root)", bwrap);
    return sandbox;
  }

  private static Optional<Path> onPath(String binary, String searchPath) {
    for (String dir : searchPath.split(":")) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
