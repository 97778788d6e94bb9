package dev.specwright.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirrors, shared-object workspaces, commit, diff and push against a real local remote. */
class WorkspacesTest {

  static final RepositoryId REPO = new RepositoryId("octo", "repo");
  static final CommitAuthor BOT = new CommitAuthor("specwright[bot]", "bot@specwright.dev");
  static final BranchName BRANCH = BranchName.of(42, "Add a login page", "api");

  @TempDir Path tmp;
  TestRemote remote;
  Path dataDir;
  RepositoryMirrors mirrors;
  Workspaces workspaces;

  @BeforeEach
  void setUp() throws Exception {
    remote = TestRemote.create(tmp);
    dataDir = tmp.resolve("data");
    mirrors = new RepositoryMirrors(dataDir);
    workspaces = new Workspaces(dataDir);
  }

  @Test
  void clonesTheMirrorOnceThenFetches() throws Exception {
    Mirror first = mirrors.sync(REPO, remote.url(), GitCredentials.none());
    Path marker = Files.writeString(first.gitDir().resolve("kept-across-fetches"), "x");
    remote.write("NEWS.md", "news\n");
    String newTip = remote.commitAndPush("main", "Add news");

    Mirror second = mirrors.sync(REPO, remote.url(), GitCredentials.none());

    assertThat(second.gitDir()).isEqualTo(dataDir.resolve("mirrors/octo/repo.git"));
    assertThat(marker).exists(); // fetched into, not cloned again
    try (Git git = Git.open(second.gitDir().toFile())) {
      assertThat(git.getRepository().resolve("refs/heads/main").name()).isEqualTo(newTip);
      assertThat(git.getRepository().getConfig().getSubsections("remote")).isEmpty();
    }
  }

  @Test
  void fetchPrunesBranchesDeletedOnTheRemote() throws Exception {
    remote.commitAndPush("feature", "Feature");
    Mirror mirror = mirrors.sync(REPO, remote.url(), GitCredentials.none());
    try (Git git = Git.open(remote.bare.toFile())) {
      git.branchDelete().setBranchNames("feature").setForce(true).call();
    }

    mirrors.sync(REPO, remote.url(), GitCredentials.none());

    try (Git git = Git.open(mirror.gitDir().toFile())) {
      assertThat(git.getRepository().exactRef("refs/heads/feature")).isNull();
    }
  }

  @Test
  void workspaceChecksOutTheBaseBranchOnItsOwnBranch() throws Exception {
    Workspace ws = create(BRANCH);

    assertThat(ws.directory())
        .isEqualTo(dataDir.resolve("workspaces/octo/repo/42-add-a-login-page/api"));
    assertThat(ws.directory().resolve("src/App.java")).hasContent("class App {}");
    assertThat(ws.head()).isEqualTo(remote.tip("main")).isEqualTo(ws.baseCommit());
    try (Git git = Git.open(ws.directory().toFile())) {
      assertThat(git.getRepository().getFullBranch()).isEqualTo(BRANCH.ref());
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  @Test
  void checkoutKeepsExecutableBitsAndSymlinksAndLeavesACleanIndex() throws Exception {
    remote.write("bin/run.sh", "#!/bin/sh\necho run\n");
    Files.setPosixFilePermissions(
        remote.seed.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(remote.seed.resolve("docs"), Path.of("src"));
    remote.commitAndPush("main", "Script and link");

    Workspace ws = create(BRANCH);

    assertThat(Files.isExecutable(ws.directory().resolve("bin/run.sh"))).isTrue();
    assertThat(Files.readSymbolicLink(ws.directory().resolve("docs"))).isEqualTo(Path.of("src"));
    try (Git git = Git.open(ws.directory().toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  @Test
  void checkoutHonoursGitattributesLineEndings() throws Exception {
    remote.write(".gitattributes", "*.bat text eol=crlf\n");
    remote.write("build.bat", "echo one\necho two\n");
    remote.commitAndPush("main", "Windows script");

    Workspace ws = create(BRANCH);

    assertThat(Files.readString(ws.directory().resolve("build.bat")))
        .isEqualTo("echo one\r\necho two\r\n");
    try (Git git = Git.open(ws.directory().toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  @Test
  void twoWorkspacesShareTheMirrorsObjects() throws Exception {
    for (int i = 0; i < 30; i++) {
      remote.write("file" + i + ".txt", "content " + i + "\n".repeat(i));
      remote.commitAndPush("main", "Commit " + i);
    }
    Workspace a = create(BRANCH);
    Workspace b = create(BranchName.of(42, "Add a login page", "ui"));
    Mirror mirror = new Mirror(REPO, mirrors.pathOf(REPO));

    for (Workspace ws : List.of(a, b)) {
      Path objects = ws.directory().resolve(".git/objects");
      assertThat(objects.resolve("info/alternates"))
          .hasContent(mirror.objects().toAbsolutePath().toString());
      assertThat(objectFiles(objects)).as("objects stored in %s", ws).isEmpty();
    }
    assertThat(objectFiles(mirror.objects())).isNotEmpty();
    try (Git git = Git.open(b.directory().toFile())) {
      assertThat(git.log().call()).hasSize(31); // the whole history, read through alternates
    }
  }

  @Test
  void commitsAgentChangesButNotIgnoredFiles() throws Exception {
    Workspace ws = create(BRANCH);
    Files.writeString(ws.directory().resolve("src/App.java"), "class App { void login() {} }\n");
    Files.writeString(ws.directory().resolve("src/Login.java"), "class Login {}\n");
    Files.delete(ws.directory().resolve("README.md"));
    Files.createDirectories(ws.directory().resolve("build"));
    Files.writeString(ws.directory().resolve("build/App.class"), "binary");
    Files.writeString(ws.directory().resolve("debug.log"), "noise");

    String commit = ws.commitAll("Add login", BOT).orElseThrow();

    assertThat(ws.head()).isEqualTo(commit);
    assertThat(ws.changedFiles()).containsExactly("README.md", "src/App.java", "src/Login.java");
    String diff = ws.diffAgainstBase();
    assertThat(diff)
        .contains("diff --git a/src/App.java b/src/App.java")
        .contains("+class App { void login() {} }")
        .contains("-class App {}")
        .contains("new file mode 100644")
        .contains("deleted file mode 100644")
        .doesNotContain("App.class")
        .doesNotContain("debug.log");
    try (Git git = Git.open(ws.directory().toFile())) {
      var c = git.log().setMaxCount(1).call().iterator().next();
      assertThat(c.getAuthorIdent().getName()).isEqualTo("specwright[bot]");
      assertThat(c.getCommitterIdent().getEmailAddress()).isEqualTo("bot@specwright.dev");
      assertThat(c.getFullMessage()).isEqualTo("Add login");
    }
  }

  @Test
  void nothingChangedMeansNoCommit() throws Exception {
    Workspace ws = create(BRANCH);
    Files.writeString(ws.directory().resolve("only.log"), "ignored by .gitignore");

    assertThat(ws.commitAll("Nothing", BOT)).isEmpty();
    assertThat(ws.head()).isEqualTo(ws.baseCommit());
    assertThat(ws.changedFiles()).isEmpty();
    assertThat(ws.diffAgainstBase()).isEmpty();
  }

  @Test
  void pushLandsTheExactContentOnTheRemoteBranch() throws Exception {
    Workspace ws = create(BRANCH);
    Files.writeString(ws.directory().resolve("src/Login.java"), "class Login { /* ü */ }\n");
    String commit = ws.commitAll("Add login", BOT).orElseThrow();

    ws.push(remote.url(), GitCredentials.none());

    assertThat(remote.tip(BRANCH.toString())).isEqualTo(commit);
    assertThat(remote.read(BRANCH.toString(), "src/Login.java"))
        .isEqualTo(new String("class Login { /* ü */ }\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(remote.tip("main")).isEqualTo(ws.baseCommit()); // nothing else moved
  }

  @Test
  void branchesPushedAtOnceIntoOneLocalRepositoryAllLand() throws Exception {
    // A local run pushes its subtasks' branches in parallel, all under one new directory; JGit
    // lost one of two such pushes in 150 tries when they raced (see Workspace.push). A local run's
    // repository keeps reflogs, where the race was, so this remote does too.
    remote.keepReflogs();
    for (int round = 0; round < 10; round++) {
      List<Workspace> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Workspace ws = create(BranchName.of(100 + round, "Parallel subtasks", "part-" + i));
        Files.writeString(ws.directory().resolve("part-" + i + ".txt"), "part " + i + "\n");
        assertThat(ws.commitAll("Add part " + i, BOT)).isPresent();
        all.add(ws);
      }
      CyclicBarrier start = new CyclicBarrier(all.size());
      List<CompletableFuture<Void>> pushes = new ArrayList<>();
      for (Workspace ws : all) {
        pushes.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    start.await();
                    ws.push(remote.url(), GitCredentials.none());
                  } catch (Exception e) {
                    throw new CompletionException(e);
                  }
                }));
      }
      CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      for (Workspace ws : all) {
        assertThat(remote.tip(ws.branch().toString())).as(ws.branch().toString()).isNotNull();
      }
    }
  }

  @Test
  void aRevisionContinuesTheBranchAlreadyOnTheRemote() throws Exception {
    Workspace first = create(BRANCH);
    Files.writeString(first.directory().resolve("a.txt"), "round 1\n");
    String round1 = first.commitAll("Round 1", BOT).orElseThrow();
    first.push(remote.url(), GitCredentials.none());
    first.delete();

    Workspace second = create(BRANCH); // fetches first: the mirror now has the branch
    assertThat(second.head()).isEqualTo(round1);
    assertThat(second.directory().resolve("a.txt")).hasContent("round 1");
    Files.writeString(second.directory().resolve("a.txt"), "round 2\n");
    String round2 = second.commitAll("Round 2", BOT).orElseThrow();
    second.push(remote.url(), GitCredentials.none());

    assertThat(remote.tip(BRANCH.toString())).isEqualTo(round2);
    assertThat(second.changedFiles()).containsExactly("a.txt");
  }

  @Test
  void pushThatIsNotAFastForwardIsRejectedWithATypedError() throws Exception {
    Workspace mine = create(BRANCH);
    // someone else pushes to the same branch meanwhile
    remote.write("theirs.txt", "theirs\n");
    String theirs = remote.commitAndPush(BRANCH.toString(), "Theirs");
    Files.writeString(mine.directory().resolve("mine.txt"), "mine\n");
    assertThat(mine.commitAll("Mine", BOT)).isPresent();

    assertThatThrownBy(() -> mine.push(remote.url(), GitCredentials.none()))
        .isInstanceOfSatisfying(
            PushRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(PushRejectedException.Reason.NON_FAST_FORWARD);
              assertThat(e.branch()).isEqualTo(BRANCH.toString());
            });
    assertThat(remote.tip(BRANCH.toString())).isEqualTo(theirs); // never forced
  }

  @Test
  void reopensAnExistingWorkspaceAfterARestart() throws Exception {
    Workspace ws = create(BRANCH);
    Files.writeString(ws.directory().resolve("wip.txt"), "work in progress\n");

    Workspace reopened = new Workspaces(dataDir).open(REPO, BRANCH).orElseThrow();

    assertThat(reopened.directory()).isEqualTo(ws.directory());
    assertThat(reopened.baseCommit()).isEqualTo(ws.baseCommit());
    assertThat(reopened.commitAll("WIP", BOT)).isPresent();
    assertThat(new Workspaces(dataDir).open(REPO, BranchName.of(42, "Add a login page", "x")))
        .isEmpty();
  }

  @Test
  void missingBaseBranchIsAClearError() throws Exception {
    Mirror mirror = mirrors.sync(REPO, remote.url(), GitCredentials.none());

    assertThatThrownBy(() -> workspaces.create(mirror, BRANCH, "develop"))
        .isInstanceOf(WorkspaceException.class)
        .hasMessageContaining("base branch 'develop' does not exist in octo/repo");
    assertThat(workspaces.pathOf(REPO, BRANCH)).doesNotExist();
  }

  @Test
  void refusesRemoteUrlsThatCarryCredentials() {
    for (String url :
        List.of(
            "https://x-access-token:ghs_secret@github.com/octo/repo.git",
            "http://user@localhost/octo/repo.git",
            "ext::sh -c touch% /tmp/pwned",
            "")) {
      assertThatThrownBy(() -> mirrors.sync(REPO, url, GitCredentials.none()))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("ghs_secret");
    }
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void deleteRemovesTheWorkspaceEvenWhenTheAgentLockedItDownAndLeavesLinkTargetsAlone()
      throws Exception {
    Workspace ws = create(BRANCH);
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep me");
    Files.createSymbolicLink(ws.directory().resolve("link"), outside);
    Path locked = Files.createDirectories(ws.directory().resolve("locked/inner"));
    Files.writeString(locked.resolve("f"), "x");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
    Files.setPosixFilePermissions(locked.getParent(), PosixFilePermissions.fromString("r-x------"));

    ws.delete();

    assertThat(ws.directory()).doesNotExist();
    assertThat(outside).hasContent("keep me");
    assertThat(mirrors.pathOf(REPO).resolve("HEAD")).exists();
  }

  @Test
  void janitorRemovesStaleWorkspacesAndKeepsThoseInUse() throws Exception {
    Workspace running = create(BRANCH);
    Workspace stale = create(BranchName.of(7, "Old crash", "db"));
    Workspace staleToo = create(BranchName.of(42, "Add a login page", "ui"));

    List<Path> removed = new WorkspaceJanitor(workspaces).sweep(List.of(running.directory()));

    assertThat(removed).containsExactlyInAnyOrder(stale.directory(), staleToo.directory());
    assertThat(running.directory().resolve("README.md")).exists();
    assertThat(stale.directory().getParent()).doesNotExist(); // emptied parents go too
  }

  @Test
  void gitTreatsAnAgentWrittenNestedGitDirectoryAsContentNotASecondRepository() throws Exception {
    Workspace ws = create(BRANCH);
    Files.createDirectories(ws.directory().resolve("sub/.git"));
    Files.writeString(ws.directory().resolve("sub/file.txt"), "x\n");

    ws.commitAll("Nested", BOT);

    // whatever git decides for sub/, the workspace's own history and branch are intact
    assertThat(ws.head()).isNotEqualTo(ws.baseCommit());
    try (Git git = Git.open(ws.directory().toFile())) {
      assertThat(git.getRepository().getFullBranch()).isEqualTo(BRANCH.ref());
    }
  }

  private Workspace create(BranchName branch) throws WorkspaceException {
    Mirror mirror = mirrors.sync(REPO, remote.url(), GitCredentials.none());
    return workspaces.create(mirror, branch, "main");
  }

  static List<Path> objectFiles(Path objects) throws IOException {
    try (Stream<Path> files = Files.walk(objects)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !objects.relativize(p).startsWith("info"))
          .toList();
    }
  }
}
