package dev.specwright.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The limits both sandboxes share: exit codes, the time limit that kills a whole process tree, the
 * output cap, interruption, and an environment that holds nothing of the server's.
 */
class SandboxLimitsTest {

  @TempDir Path workspace;

  static Stream<Sandbox> sandboxes() {
    return Stream.of(
        new BubblewrapSandbox(
            Path.of("/usr/bin/bwrap"), SandboxSettings.ALWAYS_HIDDEN, SandboxSettings.DEFAULT_PATH),
        new PlainProcessSandbox(SandboxSettings.DEFAULT_PATH));
  }

  static Stream<Arguments> exitCodes() {
    return sandboxes()
        .flatMap(
            s ->
                Stream.of(
                    Arguments.of(s, "true", 0),
                    Arguments.of(s, "exit 3", 3),
                    Arguments.of(s, "false", 1),
                    Arguments.of(s, "no-such-command-anywhere", 127),
                    Arguments.of(s, "kill -9 $$", 137)));
  }

  @ParameterizedTest(name = "{0}: `{1}` exits {2}")
  @MethodSource("exitCodes")
  void passesExitCodesThrough(Sandbox sandbox, String command, int expected) throws Exception {
    CommandResult result = sandbox.run(CommandSpec.of(command, workspace));

    assertThat(result.exitCode()).isEqualTo(expected);
    assertThat(result.timedOut()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sandboxes")
  void keepsStdoutAndStderrInOneStreamInOrder(Sandbox sandbox) throws Exception {
    CommandResult result =
        sandbox.run(CommandSpec.of("echo one; echo two >&2; echo three", workspace));

    assertThat(result.output()).isEqualTo("one\ntwo\nthree\n");
    assertThat(result.truncated()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sandboxes")
  void killsRunawayCommandAndAllItsChildrenAtTheLimit(Sandbox sandbox) throws Exception {
    String marker = marker();
    // a background child, a grandchild in its own session, and the foreground sleep
    String command =
        "sleep %s & sh -c 'setsid sleep %s &' ; echo started; sleep %s"
            .formatted(marker, marker, marker);
    AtomicReference<CommandResult> result = new AtomicReference<>();
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    result.set(
                        sandbox.run(
                            CommandSpec.of(command, workspace).withTimeout(Duration.ofSeconds(3))));
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                });

    await().atMost(Duration.ofSeconds(3)).until(() -> pidsRunning(marker).size() == 3);
    Set<Long> pids = pidsRunning(marker);
    caller.join(Duration.ofSeconds(10));

    assertThat(result.get().timedOut()).isTrue();
    assertThat(result.get().exitCode()).isEqualTo(CommandResult.KILLED);
    assertThat(result.get().output()).contains("started");
    assertThat(result.get().elapsed()).isLessThan(Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(pids)
                    .allSatisfy(
                        pid ->
                            assertThat(stillRunning(pid))
                                .as("pid %d survived: %s", pid, statOf(pid))
                                .isFalse()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sandboxes")
  void killsBackgroundJobsLeftBehindByAFinishedCommand(Sandbox sandbox) throws Exception {
    String marker = marker();

    CommandResult result =
        sandbox.run(CommandSpec.of("sleep " + marker + " > /dev/null 2>&1 & echo done", workspace));

    assertThat(result.exitCode()).isZero();
    await().atMost(Duration.ofSeconds(2)).until(() -> pidsRunning(marker).isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sandboxes")
  void interruptingTheCallerKillsTheTreePromptly(Sandbox sandbox) throws Exception {
    String marker = marker();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    sandbox.run(
                        CommandSpec.of("sleep " + marker + " & sleep " + marker, workspace));
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                });
    await().atMost(Duration.ofSeconds(3)).until(() -> pidsRunning(marker).size() == 2);
    Set<Long> pids = pidsRunning(marker);

    long start = System.nanoTime();
    caller.interrupt();
    caller.join(Duration.ofSeconds(5));

    assertThat(caller.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> pids.stream().noneMatch(SandboxLimitsTest::stillRunning));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sandboxes")
  void cutsOutputBeyondTheCapKeepingHeadAndTail(Sandbox sandbox) throws Exception {
    // 588,895 bytes of "1\n2\n…100000\n"
    CommandResult result =
        sandbox.run(CommandSpec.of("seq 1 100000", workspace).withOutputCap(1024));

    assertThat(result.truncated()).isTrue();
    assertThat(result.output()).startsWith("1\n2\n3\n");
    assertThat(result.output()).endsWith("99999\n100000\n");
    assertThat(result.output())
        .contains("587871 bytes of output cut; 588895 bytes in all, first 512 and last 512 kept");
    assertThat(result.output().length()).isLessThan(1024 + 200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sandboxes")
  void drainsAFloodOfBothStreamsWithoutDeadlock(Sandbox sandbox) throws Exception {
    CommandResult result =
        sandbox.run(
            CommandSpec.of(
                    "head -c 3000000 /dev/zero; head -c 3000000 /dev/zero >&2; echo end", workspace)
                .withTimeout(Duration.ofSeconds(30)));

    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).endsWith("end\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sandboxes")
  void environmentHoldsOnlyTheSafeSetAndCheckedExtras(Sandbox sandbox) throws Exception {
    CommandResult result =
        sandbox.run(
            CommandSpec.of("env", workspace).withEnv(Map.of("JAVA_TOOL_OPTIONS", "-Xmx256m")));

    Map<String, String> seen =
        result
            .output()
            .lines()
            .filter(l -> l.contains("="))
            .collect(Collectors.toMap(l -> l.split("=", 2)[0], l -> l.split("=", 2)[1]));
    assertThat(seen.keySet())
        .isSubsetOf(
            CommandExecution.MARKER,
            "PATH",
            "HOME",
            "LANG",
            "TERM",
            "TMPDIR",
            "JAVA_TOOL_OPTIONS",
            "PWD",
            "SHLVL",
            "_",
            "OLDPWD");
    assertThat(seen).containsEntry("TERM", "dumb").containsEntry("JAVA_TOOL_OPTIONS", "-Xmx256m");
    // nothing of this JVM's own environment (JAVA_HOME, MAVEN_*, the surefire variables)
    assertThat(System.getenv().keySet()).isNotEmpty();
    for (String name : System.getenv().keySet()) {
      if (!List.of("PATH", "HOME", "LANG", "TERM", "TMPDIR", "PWD", "SHLVL", "_", "OLDPWD")
          .contains(name)) {
        assertThat(seen).doesNotContainKey(name);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sandboxes")
  void refusesSecretLookingVariablesBeforeRunningAnything(Sandbox sandbox) throws Exception {
    CommandSpec command =
        CommandSpec.of("touch ran", workspace).withEnv(Map.of("GITHUB_TOKEN", "ghs_x"));

    assertThatThrownBy(() -> sandbox.run(command))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GITHUB_TOKEN");
    assertThat(workspace.resolve("ran")).doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sandboxes")
  void readsNothingFromStdin(Sandbox sandbox) throws Exception {
    CommandResult result =
        sandbox.run(CommandSpec.of("cat; echo eof", workspace).withTimeout(Duration.ofSeconds(5)));

    assertThat(result.timedOut()).isFalse();
    assertThat(result.output()).isEqualTo("eof\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sandboxes")
  void refusesAMissingWorkspace(Sandbox sandbox) {
    assertThatThrownBy(() -> sandbox.run(CommandSpec.of("true", workspace.resolve("gone"))))
        .hasMessageContaining("workspace does not exist");
  }

  private static String marker() {
    // a unique, valid duration: "1000.<random digits>" seconds
    return "1000." + ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
  }

  /**
   * Whether a pid still runs. A killed orphan stays a zombie until whoever adopted it reaps it, and
   * {@link ProcessHandle#isAlive} counts zombies as alive; a busy or lazy pid 1 (as in some CI
   * containers) can leave one for seconds. A zombie has let go of everything but its pid.
   */
  private static boolean stillRunning(long pid) {
    String stat = statOf(pid);
    if (stat.isEmpty()) {
      return false;
    }
    char state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state != 'Z' && state != 'X';
  }

  private static String statOf(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException gone) {
      return "";
    }
  }

  private static Set<Long> pidsRunning(String marker) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(marker))
        .filter(p -> p.info().command().orElse("").endsWith("sleep"))
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  static {
    // sanity for the fixture: the tests need bwrap where .ci/run installs it
    if (!Files.isExecutable(Path.of("/usr/bin/bwrap"))) {
      throw new IllegalStateException("bubblewrap is not installed at /usr/bin/bwrap");
    }
  }
}
