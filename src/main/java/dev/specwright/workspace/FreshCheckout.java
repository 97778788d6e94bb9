package dev.specwright.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes a commit's tree into an empty working tree and index, for a brand-new workspace. JGit's
 * general checkout compares against an existing working tree, goes through temporary files and
 * attribute lookups per file; none of that is needed when the directory is known to be empty and no
 * filter can apply. Used only when the tree has no {@code .gitattributes} (where eol or filter
 * rules could change the bytes); otherwise the caller falls back to JGit's checkout.
 *
 * <p>The tree is walked once; each directory is created and checked (no symbolic link on the way
 * out of the working tree) once, not once per file; each file is created new (never through an
 * existing path) and read back with one {@code stat} for the index.
 */
final class FreshCheckout {

  private FreshCheckout() {}

  /** A path git itself would refuse to check out: a {@code .git} component, {@code ..}. */
  private static boolean unsafe(String path) {
    for (String part : path.split("/")) {
      String p = part.toLowerCase(Locale.ROOT);
      if (p.equals(".git") || p.startsWith(".git~") || p.equals("..") || p.equals(".")) {
        return true;
      }
    }
    return false;
  }

  private record Entry(String path, FileMode mode, ObjectId id) {}

  /**
   * @return false (and writes nothing) when the tree needs JGit's full checkout
   */
  static boolean write(Repository repo, Repository objects, ObjectId commitId) throws IOException {
    Path root = repo.getWorkTree().toPath();
    Path realRoot = root.toRealPath();
    // Objects are read from the mirror directly: the same objects the workspace borrows through
    // alternates, without a miss in the workspace's own (empty) object store before each one.
    try (ObjectReader reader = objects.newObjectReader();
        RevWalk rw = new RevWalk(reader);
        TreeWalk walk = new TreeWalk(repo, reader)) {
      walk.addTree(rw.parseCommit(commitId).getTree());
      walk.setRecursive(true);
      List<Entry> entries = new ArrayList<>();
      while (walk.next()) {
        String path = walk.getPathString();
        if (walk.getNameString().equals(".gitattributes") || unsafe(path)) {
          return false; // JGit's checkout applies the rules, or refuses the path
        }
        entries.add(new Entry(path, walk.getFileMode(0), walk.getObjectId(0)));
      }
      Set<Path> checkedDirs = new HashSet<>();
      checkedDirs.add(root);
      DirCache index = repo.lockDirCache();
      try {
        DirCacheBuilder builder = index.builder();
        for (Entry e : entries) {
          Path file = root.resolve(e.path());
          Path parent = file.getParent();
          if (checkedDirs.add(parent)) {
            Files.createDirectories(parent);
            if (!parent.toRealPath().startsWith(realRoot)) {
              throw new IOException("refusing to write through a symbolic link: " + e.path());
            }
          }
          DirCacheEntry entry = new DirCacheEntry(e.path());
          entry.setFileMode(e.mode());
          entry.setObjectId(e.id());
          if (e.mode() == FileMode.GITLINK) {
            Files.createDirectories(file);
          } else if (e.mode() == FileMode.SYMLINK) {
            String target =
                new String(reader.open(e.id()).getCachedBytes(), StandardCharsets.UTF_8);
            Files.createSymbolicLink(file, Path.of(target));
          } else {
            ObjectLoader blob = reader.open(e.id());
            try (OutputStream out =
                Files.newOutputStream(
                    file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
              if (blob.isLarge()) {
                blob.copyTo(out);
              } else {
                out.write(blob.getCachedBytes());
              }
            }
            if (e.mode() == FileMode.EXECUTABLE_FILE) {
              Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            BasicFileAttributes written = Files.readAttributes(file, BasicFileAttributes.class);
            entry.setLength(written.size());
            entry.setLastModified(written.lastModifiedTime().toInstant());
          }
          builder.add(entry);
        }
        builder.finish();
        index.write();
        index.commit();
      } finally {
        index.unlock();
      }
    }
    return true;
  }
}
