package dev.specwright.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.config.Env;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What bubblewrap isolates, checked by running real commands under real bwrap: the network, the
 * file system outside the workspace, the server's data and credentials, {@code /tmp}, and the
 * server's environment. Each attack is first shown to work unsandboxed, so that a pass means the
 * sandbox stopped it rather than the command being broken.
 */
class BubblewrapSandboxTest {

  private static final String FAKE_GITHUB_TOKEN = "ghs_" + "F4keT0kenF4keT0kenF4keT0ken0123";
  private static final String FAKE_ANTHROPIC_KEY = "sk-ant-api03-fake-" + UUID.randomUUID();

  @TempDir Path root;
  Path workspace;
  Path dataDir;
  Path serverHome;
  Sandbox sandbox;
  Sandbox plain;

  @BeforeEach
  void startSandbox() throws Exception {
    workspace = Files.createDirectories(root.resolve("data/workspaces/octo/repo/7-task/a"));
    dataDir = root.resolve("data");
    Files.writeString(dataDir.resolve("specwright.db"), "installation tokens live here");
    Files.createDirectories(dataDir.resolve("mirrors/octo"));
    serverHome = Files.createDirectories(root.resolve("home/specwright"));
    Files.writeString(serverHome.resolve(".git-credentials"), "https://x:" + FAKE_GITHUB_TOKEN);

    Map<String, String> serverEnv = new HashMap<>(System.getenv());
    serverEnv.put("GITHUB_TOKEN", FAKE_GITHUB_TOKEN);
    serverEnv.put("ANTHROPIC_API_KEY", FAKE_ANTHROPIC_KEY);
    serverEnv.put("SPECWRIGHT_DATA_DIR", dataDir.toString());
    serverEnv.put("HOME", serverHome.toString());
    serverEnv.put("SANDBOX", "bubblewrap");
    sandbox = Sandboxes.fromEnv(Env.of(serverEnv));
    plain = new PlainProcessSandbox(SandboxSettings.DEFAULT_PATH);
  }

  @Test
  void startsBubblewrapByDefault() {
    assertThat(sandbox).isInstanceOf(BubblewrapSandbox.class);
    assertThat(sandbox.name()).isEqualTo("bubblewrap");
  }

  @Test
  void networkIsOffEvenToLoopback() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String connect =
          "bash -c 'echo hi > /dev/tcp/127.0.0.1/%d' && echo connected"
              .formatted(server.getLocalPort());

      assertThat(plain.run(CommandSpec.of(connect, workspace)).output()).contains("connected");
      CommandResult inside = sandbox.run(CommandSpec.of(connect, workspace));

      assertThat(inside.exitCode()).isNotZero();
      assertThat(inside.output()).doesNotContain("connected");
    }
  }

  @Test
  void onlyLoopbackInterfaceExistsAndItIsDown() throws Exception {
    CommandResult result = sandbox.run(CommandSpec.of("cat /proc/net/dev", workspace));

    assertThat(result.output()).contains("lo:").doesNotContain("eth0").doesNotContain("ens");
  }

  @Test
  void workspaceIsWritable() throws Exception {
    CommandResult result =
        sandbox.run(
            CommandSpec.of(
                "mkdir -p src && echo 'hello' > src/Hello.txt && rm -f gone", workspace));

    assertThat(result.exitCode()).isZero();
    assertThat(workspace.resolve("src/Hello.txt")).hasContent("hello");
  }

  @Test
  void writesOutsideTheWorkspaceFail() throws Exception {
    // A host directory writable to this test but not under /tmp: the sandbox's /tmp is private, so
    // a path under the host's /tmp would not even exist inside (the build may run from /tmp).
    Path target = Path.of("target").toAbsolutePath();
    Path base = target.startsWith("/tmp") ? Path.of("/var/tmp") : target;
    Path outside = Files.createDirectories(base.resolve("sandbox-outside"));
    Path victim = outside.resolve("written-" + UUID.randomUUID());
    String write = "echo x > " + victim;

    CommandResult inside = sandbox.run(CommandSpec.of(write, workspace));

    assertThat(inside.exitCode()).isNotZero();
    assertThat(inside.output()).contains("Read-only file system");
    assertThat(victim).doesNotExist();
    assertThat(plain.run(CommandSpec.of(write, workspace)).exitCode()).isZero();
    assertThat(victim).exists();
    Files.delete(victim);
  }

  @Test
  void gitMetadataInTheWorkspaceIsReadOnly() throws Exception {
    Files.createDirectories(workspace.resolve(".git/hooks"));
    Files.writeString(workspace.resolve(".git/config"), "[core]\n");

    CommandResult result =
        sandbox.run(
            CommandSpec.of(
                "echo 'curl evil' > .git/hooks/pre-push; echo '[core] hooksPath=x' >> .git/config;"
                    + " echo ok > file.txt",
                workspace));

    assertThat(result.output()).contains("Read-only file system");
    assertThat(workspace.resolve(".git/hooks/pre-push")).doesNotExist();
    assertThat(workspace.resolve(".git/config")).hasContent("[core]");
    assertThat(workspace.resolve("file.txt")).hasContent("ok");
  }

  @Test
  void serverDataDirAndCredentialsAreHidden() throws Exception {
    String snoop =
        "cat %s/specwright.db; ls -A %s; cat %s/.git-credentials; ls -A /root; cat /etc/shadow;"
                .formatted(dataDir, dataDir, serverHome)
            + " ls -A /run";

    assertThat(plain.run(CommandSpec.of(snoop, workspace)).output())
        .contains("installation tokens live here")
        .contains(FAKE_GITHUB_TOKEN);
    CommandResult inside = sandbox.run(CommandSpec.of(snoop, workspace));

    assertThat(inside.output())
        .doesNotContain("installation tokens live here")
        .doesNotContain(FAKE_GITHUB_TOKEN)
        .doesNotContain("mirrors")
        .doesNotContain("postgresql");
  }

  @Test
  void noSecretFromTheServerEnvironmentReachesTheCommand() throws Exception {
    CommandResult result =
        sandbox.run(CommandSpec.of("env; cat /proc/1/environ; cat /proc/$PPID/environ", workspace));

    assertThat(result.output())
        .doesNotContain(FAKE_GITHUB_TOKEN)
        .doesNotContain(FAKE_ANTHROPIC_KEY)
        .doesNotContain("GITHUB_TOKEN")
        .doesNotContain("ANTHROPIC_API_KEY")
        .doesNotContain("SPECWRIGHT_DATA_DIR")
        .contains("HOME=/tmp/home");
  }

  @Test
  void tmpIsPrivate() throws Exception {
    Path hostFile = Files.createTempFile("specwright-host-", ".txt");
    String name = "sandbox-" + UUID.randomUUID();
    try {
      CommandResult result =
          sandbox.run(
              CommandSpec.of(
                  "ls /tmp; test -e %s && echo SEEN; echo x > /tmp/%s && echo wrote"
                      .formatted(hostFile, name),
                  workspace));

      assertThat(result.output()).contains("wrote").doesNotContain("SEEN");
      assertThat(Path.of("/tmp", name)).doesNotExist();
    } finally {
      Files.deleteIfExists(hostFile);
    }
  }

  @Test
  void seesOnlyItsOwnProcesses() throws Exception {
    CommandResult result = sandbox.run(CommandSpec.of("ls /proc | grep -c '^[0-9]'", workspace));

    assertThat(Integer.parseInt(result.output().strip())).isLessThanOrEqualTo(5);
  }

  @Test
  void hasNoCapabilities() throws Exception {
    CommandResult result = sandbox.run(CommandSpec.of("grep CapEff /proc/self/status", workspace));

    assertThat(result.output()).contains("CapEff:\t0000000000000000");
  }

  @Test
  void gitInsideTheSandboxReadsObjectsBorrowedFromAHiddenMirror() throws IOException, Exception {
    // the mirror is under the hidden data dir; the workspace borrows its objects
    Path mirrorObjects = Files.createDirectories(dataDir.resolve("mirrors/octo/repo.git/objects"));
    Files.writeString(mirrorObjects.resolve("marker"), "object store");
    Files.createDirectories(workspace.resolve(".git/objects/info"));
    Files.writeString(workspace.resolve(".git/objects/info/alternates"), mirrorObjects + "\n");

    CommandResult result =
        sandbox.run(
            CommandSpec.of(
                "cat %s/marker; echo x > %s/planted".formatted(mirrorObjects, mirrorObjects),
                workspace));

    assertThat(result.output()).contains("object store").contains("Read-only file system");
    assertThat(mirrorObjects.resolve("planted")).doesNotExist();
  }
}
