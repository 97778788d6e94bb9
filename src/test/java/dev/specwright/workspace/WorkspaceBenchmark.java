package dev.specwright.workspace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * Set-up time and disk of the first workspace of a repository (mirror clone + checkout) against the
 * second (mirror fetch + checkout from the mirror, as the run prepares each subtask), on a
 * repository with a few thousand commits that the benchmark makes itself. Medians over several
 * rounds, each on a fresh data dir. Run: see docs/bench/workspace.md.
 */
public final class WorkspaceBenchmark {

  private WorkspaceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    // JGit logs every file operation at DEBUG, which the default logback setup prints
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Path tmp = Files.createTempDirectory("specwright-ws-bench");
    Path bare = tmp.resolve("remote.git");
    long t = System.nanoTime();
    makeHistory(bare, commits, 20, 25);
    System.out.printf(
        "remote: %d commits (3 files changed in each), 500 files in 20 directories, %s on disk (made in %d ms)%n",
        commits, mib(FileTrees.size(bare)), (System.nanoTime() - t) / 1_000_000);

    RepositoryId repo = new RepositoryId("octo", "big");
    String url = bare.toUri().toString();
    long[] first = new long[rounds];
    long[] second = new long[rounds];
    long[] refetch = new long[rounds];
    long[] checkout = new long[rounds];
    long mirrorBytes = 0;
    long ws1Git = 0;
    long ws2Git = 0;
    long ws2Tree = 0;
    for (int r = -1; r < rounds; r++) { // round -1 warms up the JIT and the page cache
      Path dataDir = tmp.resolve("data" + r);
      RepositoryMirrors mirrors = new RepositoryMirrors(dataDir);
      Workspaces workspaces = new Workspaces(dataDir);

      // Each set-up as the run does it (GitWorkspaces.prepare): sync the mirror, then check out.
      long t0 = System.nanoTime();
      Mirror mirror = mirrors.sync(repo, url, GitCredentials.none());
      Workspace a = workspaces.create(mirror, BranchName.of(1, "Bench", "a"), "main");
      long t1 = System.nanoTime();
      mirror = mirrors.sync(repo, url, GitCredentials.none()); // a real fetch, nothing new
      long t2 = System.nanoTime();
      Workspace b = workspaces.create(mirror, BranchName.of(1, "Bench", "b"), "main");
      long t3 = System.nanoTime();

      if (r >= 0) {
        first[r] = t1 - t0;
        second[r] = t3 - t1;
        refetch[r] = t2 - t1;
        checkout[r] = t3 - t2;
        mirrorBytes = FileTrees.size(mirror.gitDir());
        ws1Git = FileTrees.size(a.directory().resolve(".git"));
        ws2Git = FileTrees.size(b.directory().resolve(".git"));
        ws2Tree = FileTrees.size(b.directory()) - ws2Git;
        if (WorkspacesTest.objectFiles(b.directory().resolve(".git/objects")).size() != 0) {
          throw new IllegalStateException("the second workspace copied objects");
        }
      }
      FileTrees.deleteRecursively(dataDir);
    }
    double f = median(first);
    double s = median(second);
    double c = median(checkout);
    System.out.printf("rounds: %d (median ms)%n", rounds);
    System.out.printf("first workspace  (mirror clone + checkout)      : %8.1f ms%n", f);
    System.out.printf("second workspace (mirror fetch + checkout)      : %8.1f ms%n", s);
    System.out.printf(
        "  of which the fetch with nothing new           : %8.1f ms%n", median(refetch));
    System.out.printf("  of which the checkout from the mirror         : %8.1f ms%n", c);
    System.out.printf(
        "speed-up second vs first                        : %8.1fx (target >= 5x)%n", f / s);
    System.out.printf(
        "speed-up, second sharing the first's fetch      : %8.1fx (subtasks started together)%n",
        f / c);
    System.out.printf(
        "disk: mirror %s; workspace .git %s (first), %s (second);" + " checked-out files %s%n",
        mib(mirrorBytes), mib(ws1Git), mib(ws2Git), mib(ws2Tree));
    System.out.printf("second workspace object files: 0 (objects/info/alternates -> mirror)%n");
    FileTrees.deleteRecursively(tmp);
  }

  /** A linear history in which each commit rewrites one file, built straight into objects. */
  static void makeHistory(Path bare, int commits, int dirs, int filesPerDir) throws Exception {
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        ObjectInserter ins = repo.newObjectInserter()) {
      Map<String, TreeMap<String, ObjectId>> files = new HashMap<>();
      Map<String, ObjectId> dirTrees = new TreeMap<>();
      for (int d = 0; d < dirs; d++) {
        TreeMap<String, ObjectId> dir = new TreeMap<>();
        for (int i = 0; i < filesPerDir; i++) {
          dir.put("File" + i + ".java", blob(ins, d, i, 0));
        }
        files.put("pkg" + d, dir);
        dirTrees.put("pkg" + d, tree(ins, dir));
      }
      PersonIdent who = new PersonIdent("bench", "bench@example.com");
      ObjectId parent = null;
      java.util.Random random = new java.util.Random(42);
      for (int c = 0; c < commits; c++) {
        // each commit rewrites a few lines in three files, as ordinary development does
        for (int k = 0; k < 3; k++) {
          int d = random.nextInt(dirs);
          String dirName = "pkg" + d;
          TreeMap<String, ObjectId> dir = files.get(dirName);
          int i = random.nextInt(filesPerDir);
          dir.put("File" + i + ".java", blob(ins, d, i, random.nextLong()));
          dirTrees.put(dirName, tree(ins, dir));
        }
        TreeFormatter root = new TreeFormatter();
        dirTrees.forEach((name, id) -> root.append(name, FileMode.TREE, id));
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(ins.insert(root));
        if (parent != null) {
          commit.setParentId(parent);
        }
        commit.setAuthor(who);
        commit.setCommitter(who);
        commit.setMessage("Change " + c + "\n");
        parent = ins.insert(commit);
      }
      ins.flush();
      RefUpdate ru = repo.updateRef("refs/heads/main");
      ru.setNewObjectId(parent);
      ru.update();
    }
    try (Git git = Git.open(bare.toFile())) {
      git.gc().call(); // packed, as a hosted remote is
    }
  }

  private static ObjectId blob(ObjectInserter ins, int d, int i, long version) throws Exception {
    StringBuilder text = new StringBuilder("package pkg" + d + ";\n\nclass File" + i + " {\n");
    java.util.Random lines = new java.util.Random(version);
    for (int line = 0; line < 60; line++) {
      // about one line in six differs from the previous version of the file
      long value = line % 6 == (int) Math.floorMod(version, 6L) ? lines.nextLong() : line * 31L;
      text.append("  long f").append(line).append(" = ").append(value).append("L;\n");
    }
    text.append("}\n");
    return ins.insert(Constants.OBJ_BLOB, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectId tree(ObjectInserter ins, TreeMap<String, ObjectId> dir) throws Exception {
    TreeFormatter t = new TreeFormatter();
    dir.forEach((name, id) -> t.append(name, FileMode.REGULAR_FILE, id));
    return ins.insert(t);
  }

  private static double median(long[] ns) {
    long[] s = ns.clone();
    Arrays.sort(s);
    return s[s.length / 2] / 1e6;
  }

  private static String mib(long bytes) {
    return String.format("%.2f MiB", bytes / (1024.0 * 1024.0));
  }
}
