package dev.specwright.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps disk use bounded across crashes: at start-up, deletes every workspace that no running
 * subtask owns (a subtask deletes its own workspace when it leaves the running state; this catches
 * those a crash left behind).
 */
public final class WorkspaceJanitor {

  private static final Logger log = LoggerFactory.getLogger(WorkspaceJanitor.class);

  /** owner / name / issue-slug / key. */
  private static final int WORKSPACE_DEPTH = 4;

  private final Path root;

  public WorkspaceJanitor(Workspaces workspaces) {
    this.root = workspaces.root();
  }

  /**
   * Deletes all workspaces except {@code inUse} (paths from {@link Workspaces#pathOf}), and the
   * directories they leave empty.
   *
   * @return the workspaces deleted
   */
  public List<Path> sweep(Collection<Path> inUse) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    Set<Path> keep =
        inUse.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
    List<Path> removed = new ArrayList<>();
    List<Path> candidates;
    try (Stream<Path> walk = Files.walk(root, WORKSPACE_DEPTH)) {
      candidates =
          walk.filter(p -> root.relativize(p).getNameCount() == WORKSPACE_DEPTH)
              .filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .toList();
    }
    for (Path dir : candidates) {
      if (!keep.contains(dir.toAbsolutePath().normalize())) {
        FileTrees.deleteRecursively(dir);
        removed.add(dir);
      }
    }
    removeEmptyDirectories();
    if (!removed.isEmpty()) {
      log.info("removed {} stale workspace(s) under {}", removed.size(), root);
    }
    return removed;
  }

  private void removeEmptyDirectories() throws IOException {
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(root, WORKSPACE_DEPTH - 1)) {
      dirs =
          walk.filter(p -> !p.equals(root))
              .filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .sorted((a, b) -> b.getNameCount() - a.getNameCount())
              .toList();
    }
    for (Path dir : dirs) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isEmpty()) {
          Files.delete(dir);
        }
      }
    }
  }
}
