package dev.specwright.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
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
 */
final class FreshCheckout {

  private FreshCheckout() {}

  /** A path git itself would refuse to check out: a {@code .git} component, {@code ..}. */
  private static boolean unsafe(String path) {
    for (String part : path.split("/")) {
      String p = part.toLowerCase(java.util.Locale.ROOT);
      if (p.equals(".git") || p.startsWith(".git~") || p.equals("..") || p.equals(".")) {
        return true;
      }
    }
    return false;
  }

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
      try (TreeWalk attributes = new TreeWalk(repo, reader)) {
        attributes.addTree(rw.parseCommit(commitId).getTree());
        attributes.setRecursive(true);
        while (attributes.next()) {
          String path = attributes.getPathString();
          if (attributes.getNameString().equals(".gitattributes") || unsafe(path)) {
            return false; // JGit's checkout applies the rules, or refuses the path
          }
        }
      }
      DirCache index = repo.lockDirCache();
      try {
        DirCacheBuilder builder = index.builder();
        while (walk.next()) {
          FileMode mode = walk.getFileMode(0);
          String path = walk.getPathString();
          Path file = root.resolve(path);
          Files.createDirectories(file.getParent());
          if (!file.getParent().toRealPath().startsWith(realRoot)) {
            throw new IOException("refusing to write through a symbolic link: " + path);
          }
          ObjectId id = walk.getObjectId(0);
          DirCacheEntry entry = new DirCacheEntry(path);
          entry.setFileMode(mode);
          entry.setObjectId(id);
          if (mode == FileMode.GITLINK) {
            Files.createDirectories(file);
          } else if (mode == FileMode.SYMLINK) {
            String target =
                new String(
                    reader.open(id).getCachedBytes(), java.nio.charset.StandardCharsets.UTF_8);
            Files.createSymbolicLink(file, Path.of(target));
          } else {
            try (OutputStream out = Files.newOutputStream(file)) {
              reader.open(id).copyTo(out);
            }
            if (mode == FileMode.EXECUTABLE_FILE) {
              Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            entry.setLength(Files.size(file));
            entry.setLastModified(Files.getLastModifiedTime(file).toInstant());
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
