package dev.specwright.agent.tools;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The directory an agent works in, and the only place its file tools reach. Every path the model
 * gives is resolved here: absolute paths, {@code ..} that climbs out, and symbolic links whose
 * target lies outside are refused with a {@link ToolException} the model can read. {@code .git/} is
 * refused for reading and writing; writes are further limited by the {@link WorkspacePolicy}.
 */
public final class Workspace {

  private final Path root;
  private final WorkspacePolicy policy;
  private final List<PathMatcher> protectedMatchers = new ArrayList<>();

  /** Opens a workspace at an existing directory (resolved to its real path). */
  public Workspace(Path root, WorkspacePolicy policy) throws IOException {
    this.root = root.toRealPath();
    if (!Files.isDirectory(this.root)) {
      throw new IOException(root + " is not a directory");
    }
    this.policy = policy;
    for (String p : policy.protectedPaths()) {
      String glob = p.strip();
      while (glob.startsWith("/") || glob.startsWith("./")) {
        glob = glob.substring(glob.startsWith("/") ? 1 : 2);
      }
      if (glob.endsWith("/")) {
        glob = glob + "**";
      }
      protectedMatchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
    }
  }

  public Path root() {
    return root;
  }

  public WorkspacePolicy policy() {
    return policy;
  }

  /** Resolves a path the model gave, for reading; it need not exist yet. */
  public Path resolveForRead(String path) throws ToolException {
    Path resolved = resolveInside(path);
    refuseGitDir(path, resolved);
    return resolved;
  }

  /** Resolves a path the model gave, for writing: also refuses protected places. */
  public Path resolveForWrite(String path) throws ToolException {
    Path resolved = resolveForRead(path);
    String rel = relative(resolved);
    if (rel.isEmpty()) {
      throw new ToolException("the workspace root itself cannot be written; name a file in it");
    }
    String lower = rel.toLowerCase(Locale.ROOT);
    if (!policy.allowWorkflowWrites()
        && (lower.equals(".github/workflows") || lower.startsWith(".github/workflows/"))) {
      throw new ToolException(
          "'"
              + path
              + "' is under .github/workflows/, which this configuration does not let agents"
              + " change (workflows run with the repository's secrets)");
    }
    Path relPath = Path.of(rel);
    for (int i = 1; i <= relPath.getNameCount(); i++) {
      Path prefix = relPath.subpath(0, i);
      for (PathMatcher m : protectedMatchers) {
        if (m.matches(prefix)) {
          throw new ToolException(
              "'" + path + "' is a protected path; it may be read, not written");
        }
      }
    }
    return resolved;
  }

  /** The path relative to the root, with forward slashes; empty for the root itself. */
  public String relative(Path resolved) {
    Path rel = root.relativize(resolved);
    String s = rel.toString().replace('\\', '/');
    return s.equals(".") ? "" : s;
  }

  /**
   * True when a file found while walking the workspace may be shown: it is not under {@code .git}
   * and, if it is a symbolic link, its target stays inside.
   */
  public boolean isVisible(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
    Path rel = root.relativize(file);
    for (Path part : rel) {
      if (part.toString().equalsIgnoreCase(".git")) {
        return false;
      }
    }
    if (attrs.isSymbolicLink()) {
      try {
        return file.toRealPath().startsWith(root);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private Path resolveInside(String raw) throws ToolException {
    if (raw == null) {
      throw new ToolException("a path is required");
    }
    String p = raw.strip();
    if (p.isEmpty() || p.equals(".") || p.equals("./")) {
      return root;
    }
    if (p.indexOf('\0') >= 0) {
      throw new ToolException("the path contains a NUL character");
    }
    if (p.startsWith("/") || p.startsWith("\\") || p.startsWith("~")) {
      throw new ToolException(
          "'"
              + raw
              + "' is absolute; give a path relative to the workspace root, e.g. src/Main.java");
    }
    Path candidate;
    try {
      Path given = Path.of(p);
      if (given.isAbsolute()) {
        throw new ToolException("'" + raw + "' is absolute; give a path relative to the root");
      }
      candidate = root.resolve(given).normalize();
    } catch (InvalidPathException e) {
      throw new ToolException("'" + raw + "' is not a valid path: " + e.getReason());
    }
    if (!candidate.startsWith(root)) {
      throw new ToolException("'" + raw + "' leaves the workspace; paths must stay inside it");
    }
    // Symbolic links: the deepest part that exists must really be inside the workspace.
    Path existing = candidate;
    while (!existing.equals(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      throw new ToolException(
          "'" + raw + "' is a symbolic link to something that does not exist; it is refused");
    }
    if (!real.startsWith(root)) {
      throw new ToolException(
          "'" + raw + "' goes through a symbolic link to outside the workspace; it is refused");
    }
    return real.resolve(existing.relativize(candidate));
  }

  private void refuseGitDir(String raw, Path resolved) throws ToolException {
    for (Path part : root.relativize(resolved)) {
      if (part.toString().equalsIgnoreCase(".git")) {
        throw new ToolException(
            "'"
                + raw
                + "' is inside .git/, which the file tools never touch; the orchestrator owns"
                + " the repository's history");
      }
    }
  }
}
