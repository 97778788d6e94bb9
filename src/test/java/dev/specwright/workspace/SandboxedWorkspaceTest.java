package dev.specwright.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.config.Env;
import dev.specwright.sandbox.CommandResult;
import dev.specwright.sandbox.CommandSpec;
import dev.specwright.sandbox.Sandbox;
import dev.specwright.sandbox.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace as an agent sees it from inside the bubblewrap sandbox: git works on it (the mirror's
 * objects are visible read-only although the data dir is hidden), the files are writable, and
 * neither the workspace's {@code .git} nor the mirror can be written.
 */
class SandboxedWorkspaceTest {

  @TempDir Path tmp;

  @Test
  void agentCanUseGitButCannotWriteGitMetadataOrTheMirror() throws Exception {
    TestRemote remote = TestRemote.create(tmp);
    Path dataDir = tmp.resolve("data");
    Mirror mirror =
        new RepositoryMirrors(dataDir)
            .sync(WorkspacesTest.REPO, remote.url(), GitCredentials.none());
    Workspace ws = new Workspaces(dataDir).create(mirror, WorkspacesTest.BRANCH, "main");
    Sandbox sandbox =
        Sandboxes.fromEnv(
            Env.of(Map.of("SPECWRIGHT_DATA_DIR", dataDir.toString(), "PATH", "/usr/bin:/bin")));
    long mirrorFiles = WorkspacesTest.objectFiles(mirror.objects()).size();

    CommandResult result =
        sandbox.run(
            CommandSpec.of(
                "echo change >> README.md && git log --oneline | wc -l && git diff --stat;"
                    + " git commit -qam sneaky || echo COMMIT-REFUSED;"
                    + " touch %s/planted || echo MIRROR-REFUSED; ls %s/.. | wc -l"
                        .formatted(mirror.objects(), dataDir.resolve("mirrors/octo")),
                ws.directory()));

    assertThat(result.output())
        .contains("1\n") // one commit in the history, read through the alternates
        .contains("README.md | 1 +")
        .contains("COMMIT-REFUSED")
        .contains("MIRROR-REFUSED");
    assertThat(ws.head()).isEqualTo(ws.baseCommit());
    assertThat(ws.commitAll("Agent change", WorkspacesTest.BOT)).isPresent();
    assertThat(WorkspacesTest.objectFiles(mirror.objects())).hasSize((int) mirrorFiles);
    assertThat(Files.exists(mirror.objects().resolve("planted"))).isFalse();
  }
}
