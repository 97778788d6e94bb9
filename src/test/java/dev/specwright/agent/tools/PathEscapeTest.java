package dev.specwright.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every path an attacker-minded model might send, through the real tools. */
class PathEscapeTest {

  @TempDir Path temp;
  Path ws;
  Path outside;

  @BeforeEach
  void setUp() throws Exception {
    ws = Files.createDirectories(temp.resolve("ws"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "outside secret\n");
    Files.writeString(ws.resolve("ok.txt"), "inside\n");
    Files.createDirectories(ws.resolve(".git"));
    Files.writeString(ws.resolve(".git/config"), "[remote \"origin\"]\n");
    Files.createDirectories(ws.resolve(".github/workflows"));
    Files.writeString(ws.resolve(".github/workflows/ci.yml"), "on: push\n");
    Files.createSymbolicLink(ws.resolve("link-out"), outside);
    Files.createSymbolicLink(ws.resolve("file-link-out"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(ws.resolve("dangling"), outside.resolve("nothing-here"));
    Files.createSymbolicLink(ws.resolve("git-alias"), ws.resolve(".git"));
    Files.createDirectories(ws.resolve("sub"));
    Files.createSymbolicLink(ws.resolve("sub/ok-link"), ws.resolve("ok.txt"));
  }

  private Toolbox tools(WorkspacePolicy policy) throws Exception {
    Workspace w = new Workspace(ws, policy);
    return new Toolbox(
        List.of(
            new ReadFileTool(w),
            new WriteFileTool(w),
            new EditFileTool(w),
            new ListFilesTool(w),
            new SearchTool(w)));
  }

  private static ToolCall read(String path) {
    return new ToolCall("1", "read_file", "{\"path\":" + quote(path) + "}");
  }

  private static ToolCall write(String path) {
    return new ToolCall(
        "1", "write_file", "{\"path\":" + quote(path) + ",\"content\":\"pwned\\n\"}");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\0", "\\u0000") + "\"";
  }

  static Stream<Arguments> readEscapes() {
    return Stream.of(
        Arguments.of("dotDotOut", "../outside/secret.txt", "leaves the workspace"),
        Arguments.of("dotDotDeep", "sub/../../outside/secret.txt", "leaves the workspace"),
        Arguments.of("absolute", "/etc/passwd", "absolute"),
        Arguments.of("homeTilde", "~/.ssh/id_rsa", "absolute"),
        Arguments.of("backslashAbsolute", "\\etc\\passwd", "absolute"),
        Arguments.of("symlinkedDirOut", "link-out/secret.txt", "symbolic link"),
        Arguments.of("symlinkedFileOut", "file-link-out", "symbolic link"),
        Arguments.of("danglingSymlink", "dangling", "symbolic link"),
        Arguments.of("gitConfig", ".git/config", ".git/"),
        Arguments.of("gitConfigUpperCase", ".GIT/config", ".git/"),
        Arguments.of("gitViaDotDot", "sub/../.git/config", ".git/"),
        Arguments.of("gitViaSymlinkAlias", "git-alias/config", ".git/"),
        Arguments.of("nulByte", "ok.txt\0../../etc/passwd", "NUL"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("readEscapes")
  void readRefusesPathsThatEscape(String name, String path, String says) throws Exception {
    ToolOutput out = tools(WorkspacePolicy.DEFAULT).call(read(path));
    assertThat(out.isError()).isTrue();
    assertThat(out.content()).contains(says).doesNotContain("outside secret");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("readEscapes")
  void writeRefusesPathsThatEscape(String name, String path, String says) throws Exception {
    ToolOutput out = tools(WorkspacePolicy.DEFAULT).call(write(path));
    assertThat(out.isError()).isTrue();
    assertThat(out.content()).contains(says);
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("outside secret\n");
    assertThat(Files.readString(ws.resolve(".git/config"))).startsWith("[remote");
    assertThat(Files.exists(temp.resolve("pwned"))).isFalse();
  }

  @Test
  void editRefusesGitConfig() throws Exception {
    ToolOutput out =
        tools(WorkspacePolicy.DEFAULT)
            .call(
                new ToolCall(
                    "1",
                    "edit_file",
                    "{\"path\":\".git/config\",\"old_text\":\"origin\",\"new_text\":\"evil\"}"));
    assertThat(out.isError()).isTrue();
    assertThat(Files.readString(ws.resolve(".git/config"))).contains("origin");
  }

  @Test
  void workflowsAreReadableButNotWritableByDefault() throws Exception {
    Toolbox t = tools(WorkspacePolicy.DEFAULT);
    assertThat(t.call(read(".github/workflows/ci.yml")).isError()).isFalse();
    ToolOutput w = t.call(write(".github/workflows/ci.yml"));
    assertThat(w.isError()).isTrue();
    assertThat(w.content()).contains(".github/workflows/");
    assertThat(t.call(write(".github/workflows/new.yml")).isError()).isTrue();
    assertThat(t.call(write(".GitHub/Workflows/sneaky.yml")).isError()).isTrue();
    assertThat(t.call(write("sub/../.github/workflows/ci.yml")).isError()).isTrue();
    assertThat(Files.readString(ws.resolve(".github/workflows/ci.yml"))).isEqualTo("on: push\n");
  }

  @Test
  void workflowsAreWritableWhenConfigured() throws Exception {
    ToolOutput w =
        tools(new WorkspacePolicy(true, List.of())).call(write(".github/workflows/ci.yml"));
    assertThat(w.isError()).isFalse();
    assertThat(Files.readString(ws.resolve(".github/workflows/ci.yml"))).isEqualTo("pwned\n");
  }

  @Test
  void protectedPathsMayBeReadButNotWritten() throws Exception {
    Files.createDirectories(ws.resolve("deploy/prod"));
    Files.writeString(ws.resolve("deploy/prod/values.yml"), "replicas: 3\n");
    Toolbox t = tools(new WorkspacePolicy(false, List.of("deploy/", "*.lock")));
    assertThat(t.call(read("deploy/prod/values.yml")).isError()).isFalse();
    assertThat(t.call(write("deploy/prod/values.yml")).content()).contains("protected");
    assertThat(t.call(write("deploy/new.yml")).isError()).isTrue();
    assertThat(t.call(write("Cargo.lock")).isError()).isTrue();
    assertThat(t.call(write("src/Cargo.lock")).isError()).isFalse(); // glob is relative to root
    assertThat(t.call(write("deployment.md")).isError()).isFalse();
  }

  @Test
  void symlinksThatStayInsideAreFollowed() throws Exception {
    ToolOutput out = tools(WorkspacePolicy.DEFAULT).call(read("sub/ok-link"));
    assertThat(out.isError()).isFalse();
    assertThat(out.content()).contains("inside");
  }

  @Test
  void harmlessDotDotInsideTheWorkspaceIsFine() throws Exception {
    ToolOutput out = tools(WorkspacePolicy.DEFAULT).call(read("sub/../ok.txt"));
    assertThat(out.isError()).isFalse();
    assertThat(out.content()).contains("inside");
  }

  @Test
  void listingAndSearchNeverShowGitOrWhatLinksOut() throws Exception {
    Toolbox t = tools(WorkspacePolicy.DEFAULT);
    String listing = t.call(new ToolCall("1", "list_files", "{\"depth\":5}")).content();
    assertThat(listing).contains("ok.txt", "sub/ok-link").doesNotContain(".git/", "secret.txt");
    assertThat(listing).doesNotContain("file-link-out", "dangling");
    String found = t.call(new ToolCall("2", "search", "{\"pattern\":\"secret|origin\"}")).content();
    assertThat(found).isEqualTo("No matches.");
    assertThat(t.call(new ToolCall("3", "list_files", "{\"path\":\"link-out\"}")).isError())
        .isTrue();
    assertThat(
            t.call(new ToolCall("4", "search", "{\"pattern\":\"x\",\"path\":\"../outside\"}"))
                .isError())
        .isTrue();
  }
}
