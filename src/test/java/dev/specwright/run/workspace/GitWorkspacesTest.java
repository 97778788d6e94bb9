package dev.specwright.run.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.run.RepoRef;
import dev.specwright.run.Workspaces.PushRejectedException;
import dev.specwright.run.Workspaces.Workspace;
import dev.specwright.workspace.CommitAuthor;
import dev.specwright.workspace.GitCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's workspaces port on real git, against a local bare repository as the remote. */
class GitWorkspacesTest {

  static final RepoRef REPO = new RepoRef("acme", "shop", 1);
  static final String BRANCH = "specwright/7-add-auth/api";

  @TempDir Path tmp;
  Path bare;
  final AtomicInteger credentialCalls = new AtomicInteger();
  GitWorkspaces workspaces;

  @BeforeEach
  void remote() throws Exception {
    bare = tmp.resolve("remote.git");
    Path seed = tmp.resolve("seed");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call()) {
      Files.writeString(seed.resolve("README.md"), "shop\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("init").setSign(false).call();
      git.push().setRemote(bare.toUri().toString()).setRefSpecs(new RefSpec("main:main")).call();
    }
    workspaces =
        new GitWorkspaces(
            tmp.resolve("data"),
            repo ->
                new GitWorkspaces.Remote(
                    bare.toUri().toString(),
                    "main",
                    () -> {
                      credentialCalls.incrementAndGet();
                      return GitCredentials.none();
                    }));
  }

  @Test
  void preparesCommitsDiffsAndPushesABranchToTheRemote() throws Exception {
    Workspace ws = workspaces.prepare(REPO, BRANCH);
    assertThat(ws.baseBranch()).isEqualTo("main");
    assertThat(Files.readString(ws.dir().resolve("README.md"))).isEqualTo("shop\n");
    Files.writeString(ws.dir().resolve("api.txt"), "POST /login\n");

    assertThat(workspaces.commitAll(ws, "Add login endpoint")).isPresent();
    assertThat(workspaces.diff(ws)).contains("+++ b/api.txt").contains("+POST /login");
    String sha = workspaces.push(ws);

    assertThat(fileOnRemote(BRANCH, "api.txt")).isEqualTo("POST /login\n");
    try (Repository r = Git.open(bare.toFile()).getRepository()) {
      assertThat(r.resolve(BRANCH).name()).isEqualTo(sha);
      RevCommit c = r.parseCommit(r.resolve(BRANCH));
      assertThat(c.getAuthorIdent().getName()).isEqualTo("Specwright");
      assertThat(c.getAuthorIdent().getEmailAddress())
          .isEqualTo("specwright@users.noreply.github.com");
    }
    // One fresh credential per fetch and per push.
    assertThat(credentialCalls).hasValue(2);
  }

  @Test
  void nothingChangedCommitsNothing() {
    Workspace ws = workspaces.prepare(REPO, BRANCH);
    assertThat(workspaces.commitAll(ws, "nothing")).isEmpty();
    assertThat(workspaces.diff(ws)).isBlank();
  }

  @Test
  void aSecondPrepareContinuesThePushedBranch() throws Exception {
    Workspace first = workspaces.prepare(REPO, BRANCH);
    Files.writeString(first.dir().resolve("api.txt"), "v1\n");
    workspaces.commitAll(first, "v1");
    workspaces.push(first);
    workspaces.delete(first);

    Workspace again = workspaces.prepare(REPO, BRANCH);
    assertThat(Files.readString(again.dir().resolve("api.txt"))).isEqualTo("v1\n");
    Files.writeString(again.dir().resolve("api.txt"), "v2\n");
    workspaces.commitAll(again, "v2");
    workspaces.push(again);
    assertThat(fileOnRemote(BRANCH, "api.txt")).isEqualTo("v2\n");
  }

  @Test
  void aStaleBranchIsRejectedNotForced() throws Exception {
    Workspace a = workspaces.prepare(REPO, BRANCH);
    GitWorkspaces other =
        new GitWorkspaces(
            tmp.resolve("other"),
            repo -> GitWorkspaces.Remote.anonymous(bare.toUri().toString(), "main"));
    Workspace b = other.prepare(REPO, BRANCH);
    Files.writeString(b.dir().resolve("x.txt"), "theirs\n");
    other.commitAll(b, "theirs");
    other.push(b);

    Files.writeString(a.dir().resolve("x.txt"), "ours\n");
    workspaces.commitAll(a, "ours");
    assertThatThrownBy(() -> workspaces.push(a))
        .isInstanceOf(PushRejectedException.class)
        .hasMessageContaining("non fast forward");
    assertThat(fileOnRemote(BRANCH, "x.txt")).isEqualTo("theirs\n");
  }

  @Test
  void deleteRemovesTheCheckoutAndToleratesOneAlreadyGone() {
    Workspace ws = workspaces.prepare(REPO, BRANCH);
    workspaces.delete(ws);
    assertThat(ws.dir()).doesNotExist();
    workspaces.delete(ws);
  }

  @Test
  void commitAuthorIsConfigurable() throws Exception {
    GitWorkspaces custom =
        new GitWorkspaces(
            tmp.resolve("custom"),
            repo -> GitWorkspaces.Remote.anonymous(bare.toUri().toString(), "main"),
            new CommitAuthor("Bot", "bot@example.test"));
    Workspace ws = custom.prepare(REPO, BRANCH);
    Files.writeString(ws.dir().resolve("a.txt"), "a\n");
    custom.commitAll(ws, "a");
    custom.push(ws);
    try (Repository r = Git.open(bare.toFile()).getRepository()) {
      assertThat(r.parseCommit(r.resolve(BRANCH)).getAuthorIdent().getEmailAddress())
          .isEqualTo("bot@example.test");
    }
  }

  @Test
  void aMissingDefaultBranchIsAClearError() {
    GitWorkspaces wrong =
        new GitWorkspaces(
            tmp.resolve("wrong"),
            repo -> GitWorkspaces.Remote.anonymous(bare.toUri().toString(), "trunk"));
    assertThatThrownBy(() -> wrong.prepare(REPO, BRANCH)).hasMessageContaining("'trunk'");
  }

  private String fileOnRemote(String branch, String path) throws Exception {
    try (Repository r = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(r)) {
      ObjectId head = r.resolve("refs/heads/" + branch);
      RevCommit c = walk.parseCommit(head);
      try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
        return new String(
            r.open(tw.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
  }
}
