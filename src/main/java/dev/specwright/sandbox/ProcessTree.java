package dev.specwright.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kills a command with everything it started. Children are found both as descendants and, on Linux,
 * by session id (a command run under {@code setsid} leads its own session, so a grandchild that was
 * re-parented to init is still found).
 */
final class ProcessTree {

  private static final Path PROC = Path.of("/proc");

  private ProcessTree() {}

  /**
   * SIGKILLs the process, its descendants and (given a marker) its session and marked processes;
   * returns the pids it signalled.
   */
  static List<Long> kill(Process process, String marker) {
    List<ProcessHandle> targets = new ArrayList<>();
    targets.add(process.toHandle());
    process.descendants().forEach(targets::add);
    members(process.pid(), marker).forEach(targets::add);
    // The parent first: bubblewrap's --die-with-parent then takes its whole pid namespace down.
    List<Long> pids = new ArrayList<>();
    for (ProcessHandle handle : targets) {
      if (handle.destroyForcibly()) {
        pids.add(handle.pid());
      }
    }
    return pids;
  }

  /** Kills what a finished command left running in its session (a background job). */
  static void killLeftovers(Process process, String marker) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    members(process.pid(), marker).forEach(ProcessHandle::destroyForcibly);
  }

  /** Processes in the session {@code sessionId} or carrying {@code marker} in their environment. */
  private static Stream<ProcessHandle> members(long sessionId, String marker) {
    if (marker == null || !Files.isDirectory(PROC)) {
      return Stream.empty();
    }
    List<ProcessHandle> members = new ArrayList<>();
    try (Stream<Path> entries = Files.list(PROC)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == sessionId) {
          continue;
        }
        if (sessionOf(entry.resolve("stat")) == sessionId
            || carries(entry.resolve("environ"), marker)) {
          ProcessHandle.of(Long.parseLong(name)).ifPresent(members::add);
        }
      }
    } catch (IOException e) {
      // /proc vanished under us: descendants are still killed.
    }
    return members.stream();
  }

  private static boolean carries(Path environ, String marker) {
    try {
      byte[] env = Files.readAllBytes(environ);
      return new String(env, StandardCharsets.ISO_8859_1).contains(marker);
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }

  /** Field 6 of /proc/pid/stat; the command name (field 2) may hold spaces, so skip past ')'. */
  private static long sessionOf(Path stat) {
    try {
      String text = Files.readString(stat);
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[3]);
    } catch (IOException | RuntimeException gone) {
      return -1;
    }
  }
}
