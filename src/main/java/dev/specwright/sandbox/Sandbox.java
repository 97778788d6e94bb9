package dev.specwright.sandbox;

import java.io.IOException;

/**
 * Runs an agent's command. Implementations: bubblewrap (no network, read-only root, writable
 * workspace) and, only when configured with {@code SANDBOX=none}, a plain process.
 */
public interface Sandbox {

  /** Runs the command to its end, its time limit, or interruption of the calling thread. */
  CommandResult run(CommandSpec command) throws IOException, InterruptedException;

  /** A short name for logs and the start-up banner: {@code bubblewrap} or {@code none}. */
  String name();
}
