package dev.specwright.agent.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Walks a workspace the way {@code git status} sees it: {@code .git} and everything that {@code
 * .gitignore} files (at every level) or {@code .git/info/exclude} ignore are left out. Rule
 * matching is JGit's {@link IgnoreNode}; this class only keeps one node per directory on the way
 * down, as JGit's own working-tree iterator does.
 */
final class VisibleFiles {

  /** Receives each visible entry; return false to stop the walk. */
  interface Visitor {
    boolean visit(Path path, BasicFileAttributes attrs) throws IOException;
  }

  private record Frame(Path dir, IgnoreNode rules) {}

  private final Workspace workspace;

  VisibleFiles(Workspace workspace) {
    this.workspace = workspace;
  }

  /** Walks {@code start} (inside the workspace) to {@code maxDepth} levels below it. */
  void walk(Path start, int maxDepth, Visitor visitor) throws IOException {
    Path root = workspace.root();
    Deque<Frame> frames = new ArrayDeque<>();
    Path exclude = root.resolve(".git/info/exclude");
    if (Files.isRegularFile(exclude)) {
      frames.push(new Frame(root, load(exclude)));
    }
    // The .gitignore files of the directories above the start apply too.
    List<Path> above = new ArrayList<>();
    for (Path d = start.getParent(); d != null && d.startsWith(root); d = d.getParent()) {
      above.add(0, d);
    }
    for (Path d : above) {
      pushRules(frames, d);
    }
    if (!start.equals(root) && isIgnored(frames, start, Files.isDirectory(start))) {
      return;
    }
    Files.walkFileTree(
        start,
        EnumSet.noneOf(java.nio.file.FileVisitOption.class),
        maxDepth,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(start)) {
              if (!workspace.isVisible(dir, attrs) || isIgnored(frames, dir, true)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (!visitor.visit(dir, attrs)) {
                return FileVisitResult.TERMINATE;
              }
            }
            pushRules(frames, dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (!frames.isEmpty() && frames.peek().dir().equals(dir)) {
              frames.pop();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            // At the depth limit, directories arrive here as files.
            boolean isDir = attrs.isDirectory();
            if (!workspace.isVisible(file, attrs) || isIgnored(frames, file, isDir)) {
              return FileVisitResult.CONTINUE;
            }
            return visitor.visit(file, attrs)
                ? FileVisitResult.CONTINUE
                : FileVisitResult.TERMINATE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void pushRules(Deque<Frame> frames, Path dir) throws IOException {
    Path gitignore = dir.resolve(".gitignore");
    if (Files.isRegularFile(gitignore)) {
      frames.push(new Frame(dir, load(gitignore)));
    }
  }

  private static IgnoreNode load(Path file) throws IOException {
    IgnoreNode node = new IgnoreNode();
    try (InputStream in = Files.newInputStream(file)) {
      node.parse(file.toString(), in);
    }
    return node;
  }

  /** The innermost rule that decides wins, as in git. */
  private static boolean isIgnored(Deque<Frame> frames, Path path, boolean isDirectory) {
    for (Frame f : frames) {
      if (!path.startsWith(f.dir()) || path.equals(f.dir())) {
        continue;
      }
      String rel = f.dir().relativize(path).toString().replace('\\', '/');
      Boolean ignored = f.rules().checkIgnored(rel, isDirectory);
      if (ignored != null) {
        return ignored;
      }
    }
    return false;
  }
}
