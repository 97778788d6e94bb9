package dev.specwright.run.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The user's repository, read only: its current branch (the base of every subtask branch), files at
 * that branch's tip, and the Specwright branches already in it. Nothing here writes to the working
 * tree, the index or HEAD; subtask branches arrive by push from the workspaces.
 */
final class LocalRepository {

  private static final Pattern SPEC_BRANCH = Pattern.compile("specwright/([0-9]+)-.*");

  private final Path dir;
  private final String branch;
  private final ObjectId base;

  private LocalRepository(Path dir, String branch, ObjectId base) {
    this.dir = dir;
    this.branch = branch;
    this.base = base;
  }

  /** Opens the repository at {@code dir}; fails with a plain reason when it cannot be used. */
  static LocalRepository open(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs.resolve(".git"))) {
      throw new IllegalArgumentException(
          abs + " is not the top of a git repository (no .git directory)");
    }
    try (Repository r = repository(abs)) {
      Ref head = r.exactRef(Constants.HEAD);
      if (head == null || !head.isSymbolic() || head.getObjectId() == null) {
        throw new IllegalArgumentException(
            abs
                + ": check out a branch with at least one commit first (HEAD is detached or unborn)");
      }
      return new LocalRepository(
          abs, Repository.shortenRefName(head.getTarget().getName()), head.getObjectId());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the repository at " + abs + ": " + e, e);
    }
  }

  Path dir() {
    return dir;
  }

  /** The branch checked out when the run started: subtask branches start from its tip. */
  String baseBranch() {
    return branch;
  }

  String baseCommit() {
    return base.name();
  }

  /** A file's text at the base commit (never the working tree), or empty. */
  Optional<String> readFile(String path) {
    try (Repository r = repository(dir);
        RevWalk walk = new RevWalk(r)) {
      RevCommit c = walk.parseCommit(base);
      try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
        if (tw == null) {
          return Optional.empty();
        }
        return Optional.of(
            new String(r.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The Specwright branches in the repository and their tips. */
  Map<String, String> specwrightBranches() {
    Map<String, String> out = new TreeMap<>();
    try (Repository r = repository(dir)) {
      for (Ref ref : r.getRefDatabase().getRefsByPrefix("refs/heads/specwright/")) {
        out.put(Repository.shortenRefName(ref.getName()), ref.getObjectId().name());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list branches of " + dir, e);
    }
    return out;
  }

  /** One more than the highest run number among existing Specwright branches, so runs never mix. */
  int nextRunNumber() {
    int max = 0;
    for (String b : specwrightBranches().keySet()) {
      Matcher m = SPEC_BRANCH.matcher(b);
      if (m.matches()) {
        try {
          max = Math.max(max, Integer.parseInt(m.group(1)));
        } catch (NumberFormatException ignored) {
          // a number too long for a run of ours
        }
      }
    }
    return max + 1;
  }

  /** The branch HEAD names now and its commit, to show that the run left them alone. */
  String headState() {
    try (Repository r = repository(dir)) {
      Ref head = r.exactRef(Constants.HEAD);
      return head.getTarget().getName()
          + "@"
          + (head.getObjectId() == null ? "" : head.getObjectId().name());
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private static Repository repository(Path dir) throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(dir.resolve(".git").toFile())
        .setMustExist(true)
        .build();
  }
}
