package dev.specwright.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over git's smart-HTTP protocol with GitHub's token scheme: the installation token is sent, and
 * never lands in any file under the data directory; a remote's hook rejection is a typed error.
 */
class AuthenticatedRemoteTest {

  static final String TOKEN = "ghs_" + "T0kenThatMustNeverTouchDisk0123456";
  static final RepositoryId REPO = new RepositoryId("octo", "repo");
  static final BranchName BRANCH = BranchName.of(9, "Fix the thing", "core");

  @TempDir Path tmp;
  TestRemote remote;
  Path dataDir;
  Repository bare;

  @BeforeEach
  void setUp() throws Exception {
    remote = TestRemote.create(tmp);
    dataDir = tmp.resolve("data");
    bare = Git.open(remote.bare.toFile()).getRepository();
  }

  @Test
  void tokenIsSentButNeverWrittenUnderTheDataDir() throws Exception {
    try (GitHttpTestServer server = new GitHttpTestServer(bare, TOKEN, null)) {
      GitCredentials credentials = GitCredentials.installationToken(TOKEN);
      Mirror mirror = new RepositoryMirrors(dataDir).sync(REPO, server.url(), credentials);
      mirror = new RepositoryMirrors(dataDir).sync(REPO, server.url(), credentials); // fetch too
      Workspace ws = new Workspaces(dataDir).create(mirror, BRANCH, "main");
      Files.writeString(ws.directory().resolve("fix.txt"), "fixed\n");
      String commit = ws.commitAll("Fix", WorkspacesTest.BOT).orElseThrow();
      ws.push(server.url(), credentials);

      assertThat(remote.tip(BRANCH.toString())).isEqualTo(commit);
      String basic =
          Base64.getEncoder()
              .encodeToString(("x-access-token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
      assertThat(server.authorizationsSeen).contains("Basic " + basic);
      assertThat(filesContaining(dataDir, TOKEN, basic)).isEmpty();
      assertThat(credentials.toString()).doesNotContain(TOKEN);
    }
  }

  @Test
  void wrongTokenFailsFetchAndPushWithoutLeakingIt() throws Exception {
    try (GitHttpTestServer server = new GitHttpTestServer(bare, TOKEN, null)) {
      GitCredentials wrong = GitCredentials.installationToken("ghs_wrongwrongwrongwrong000000");

      assertThatThrownBy(() -> new RepositoryMirrors(dataDir).sync(REPO, server.url(), wrong))
          .isInstanceOf(WorkspaceException.class)
          .hasMessageContaining("fetch of octo/repo")
          .hasMessageNotContaining("ghs_wrong");

      Mirror mirror =
          new RepositoryMirrors(dataDir)
              .sync(REPO, server.url(), GitCredentials.installationToken(TOKEN));
      Workspace ws = new Workspaces(dataDir).create(mirror, BRANCH, "main");
      Files.writeString(ws.directory().resolve("x.txt"), "x\n");
      ws.commitAll("X", WorkspacesTest.BOT);
      assertThatThrownBy(() -> ws.push(server.url(), wrong))
          .isInstanceOfSatisfying(
              PushRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(PushRejectedException.Reason.NOT_AUTHORIZED))
          .hasMessageNotContaining("ghs_wrong");
      assertThat(remote.tip(BRANCH.toString())).isNull();
    }
  }

  @Test
  void pushRefusedByARemoteHookIsATypedErrorWithTheRemotesMessage() throws Exception {
    try (GitHttpTestServer server =
        new GitHttpTestServer(
            bare,
            null,
            (rp, commands) ->
                commands.forEach(
                    c ->
                        c.setResult(
                            ReceiveCommand.Result.REJECTED_OTHER_REASON,
                            "protected branch hook declined")))) {
      Mirror mirror =
          new RepositoryMirrors(dataDir).sync(REPO, server.url(), GitCredentials.none());
      Workspace ws = new Workspaces(dataDir).create(mirror, BRANCH, "main");
      Files.writeString(ws.directory().resolve("x.txt"), "x\n");
      ws.commitAll("X", WorkspacesTest.BOT);

      assertThatThrownBy(() -> ws.push(server.url(), GitCredentials.none()))
          .isInstanceOfSatisfying(
              PushRejectedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(PushRejectedException.Reason.REJECTED_BY_REMOTE);
                assertThat(e.remoteMessage()).isEqualTo("protected branch hook declined");
              });
      assertThat(remote.tip(BRANCH.toString())).isNull();
    }
  }

  static List<Path> filesContaining(Path root, String... needles) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                try {
                  String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                  return Stream.of(needles).anyMatch(text::contains);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
