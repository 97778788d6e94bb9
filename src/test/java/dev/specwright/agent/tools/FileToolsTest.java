package dev.specwright.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileToolsTest {

  @TempDir Path ws;
  Toolbox tools;

  @BeforeEach
  void setUp() throws Exception {
    Workspace w = new Workspace(ws, WorkspacePolicy.DEFAULT);
    tools =
        new Toolbox(
            List.of(
                new ListFilesTool(w),
                new ReadFileTool(w),
                new SearchTool(w),
                new WriteFileTool(w),
                new EditFileTool(w)));
    Files.createDirectories(ws.resolve("src/gen"));
    Files.createDirectories(ws.resolve("target"));
    Files.writeString(ws.resolve(".gitignore"), "target/\n*.tmp\n");
    Files.writeString(ws.resolve("src/.gitignore"), "gen/\n!keep.tmp\n");
    Files.writeString(ws.resolve("src/App.java"), "class App {\n  int x = 1;\n  int y = 1;\n}\n");
    Files.writeString(ws.resolve("src/gen/Gen.java"), "class Gen { int x = 1; }\n");
    Files.writeString(ws.resolve("src/keep.tmp"), "int x = 1; kept\n");
    Files.writeString(ws.resolve("src/drop.tmp"), "int x = 1; dropped\n");
    Files.writeString(ws.resolve("target/App.class"), "int x = 1; compiled\n");
    Files.write(ws.resolve("src/blob.bin"), new byte[] {'x', 0, 1, 2});
  }

  private ToolOutput call(String tool, String json) throws Exception {
    return tools.call(new ToolCall("1", tool, json));
  }

  @Test
  void listingFollowsGitignoreAtEveryLevelIncludingNegation() throws Exception {
    String out = call("list_files", "{\"depth\":4}").content();
    assertThat(out.lines())
        .containsExactly(
            ".gitignore", "src/", "src/.gitignore", "src/App.java", "src/blob.bin", "src/keep.tmp");
  }

  @Test
  void searchSkipsIgnoredAndBinaryFilesAndReportsPathAndLine() throws Exception {
    String out = call("search", "{\"pattern\":\"int x = \\\\d\"}").content();
    assertThat(out.lines())
        .containsExactlyInAnyOrder("src/App.java:2: int x = 1;", "src/keep.tmp:1: int x = 1; kept");
  }

  @Test
  void searchWithGlobAndCaseInsensitivity() throws Exception {
    String out =
        call("search", "{\"pattern\":\"CLASS APP\",\"glob\":\"*.java\",\"case_insensitive\":true}")
            .content();
    assertThat(out).isEqualTo("src/App.java:1: class App {\n");
  }

  @Test
  void searchRejectsABrokenRegexClearly() throws Exception {
    ToolOutput out = call("search", "{\"pattern\":\"(unclosed\"}");
    assertThat(out.isError()).isTrue();
    assertThat(out.content()).contains("not a valid regular expression");
  }

  @Test
  void catastrophicBacktrackingIsStoppedAtTheDeadline() throws Exception {
    Files.writeString(ws.resolve("evil.txt"), "a".repeat(40) + "c\n");
    Workspace w = new Workspace(ws, WorkspacePolicy.DEFAULT);
    Toolbox quick = new Toolbox(List.of(new SearchTool(w, java.time.Duration.ofMillis(300))));
    long start = System.nanoTime();
    ToolOutput out = quick.call(new ToolCall("1", "search", "{\"pattern\":\"(.*a){12}b\"}"));
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(java.time.Duration.ofSeconds(5));
    assertThat(out.isError()).isTrue();
    assertThat(out.content()).contains("took longer than 300 ms");
  }

  @Test
  void searchStopsAtMaxResults() throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      many.append("hit ").append(i).append('\n');
    }
    Files.writeString(ws.resolve("many.txt"), many);
    String out = call("search", "{\"pattern\":\"hit\",\"max_results\":5}").content();
    assertThat(out.lines().filter(l -> l.startsWith("many.txt:"))).hasSize(5);
    assertThat(out).contains("stopped at 5 matches");
  }

  @Test
  void readsWholeFileOrARangeWithLineNumbers() throws Exception {
    assertThat(call("read_file", "{\"path\":\"src/App.java\"}").content())
        .isEqualTo("     1\tclass App {\n     2\t  int x = 1;\n     3\t  int y = 1;\n     4\t}\n");
    assertThat(
            call("read_file", "{\"path\":\"src/App.java\",\"start_line\":2,\"end_line\":3}")
                .content())
        .isEqualTo("     2\t  int x = 1;\n     3\t  int y = 1;\n[lines 2-3 of 4]\n");
  }

  @Test
  void readExplainsWhatIsWrong() throws Exception {
    assertThat(call("read_file", "{\"path\":\"nope.txt\"}").content()).contains("does not exist");
    assertThat(call("read_file", "{\"path\":\"src\"}").content()).contains("is a directory");
    assertThat(call("read_file", "{\"path\":\"src/blob.bin\"}").content()).contains("binary");
    assertThat(call("read_file", "{\"path\":\"src/App.java\",\"start_line\":9}").content())
        .contains("past the end");
    assertThat(
            call("read_file", "{\"path\":\"src/App.java\",\"start_line\":3,\"end_line\":2}")
                .content())
        .contains("before start_line");
  }

  @Test
  void writeCreatesParentDirectories() throws Exception {
    ToolOutput out =
        call("write_file", "{\"path\":\"docs/new/guide.md\",\"content\":\"# Guide\\n\"}");
    assertThat(out.isError()).isFalse();
    assertThat(out.content()).startsWith("Created docs/new/guide.md");
    assertThat(Files.readString(ws.resolve("docs/new/guide.md"))).isEqualTo("# Guide\n");
  }

  @Test
  void editReplacesExactlyOneOccurrence() throws Exception {
    ToolOutput out =
        call(
            "edit_file",
            "{\"path\":\"src/App.java\",\"old_text\":\"int y = 1;\",\"new_text\":\"int y = 2;\"}");
    assertThat(out.isError()).isFalse();
    assertThat(out.content()).contains("first at line 3");
    assertThat(Files.readString(ws.resolve("src/App.java"))).contains("int x = 1;", "int y = 2;");
  }

  @Test
  void editRefusesAbsentOldTextAndLeavesTheFileAlone() throws Exception {
    String before = Files.readString(ws.resolve("src/App.java"));
    ToolOutput out =
        call(
            "edit_file",
            "{\"path\":\"src/App.java\",\"old_text\":\"int z = 1;\",\"new_text\":\"int z = 2;\"}");
    assertThat(out.isError()).isTrue();
    assertThat(out.content()).contains("old_text was not found");
    assertThat(Files.readString(ws.resolve("src/App.java"))).isEqualTo(before);
  }

  @Test
  void editRefusesAmbiguousOldTextNamingTheLines() throws Exception {
    String before = Files.readString(ws.resolve("src/App.java"));
    ToolOutput out =
        call(
            "edit_file", "{\"path\":\"src/App.java\",\"old_text\":\"= 1;\",\"new_text\":\"= 3;\"}");
    assertThat(out.isError()).isTrue();
    assertThat(out.content()).contains("occurs 2 times", "[2, 3]", "replace_all");
    assertThat(Files.readString(ws.resolve("src/App.java"))).isEqualTo(before);
  }

  @Test
  void editReplacesAllWhenAsked() throws Exception {
    ToolOutput out =
        call(
            "edit_file",
            "{\"path\":\"src/App.java\",\"old_text\":\"= 1;\",\"new_text\":\"= 3;\","
                + "\"replace_all\":true}");
    assertThat(out.content()).contains("replaced 2 occurrences");
    assertThat(Files.readString(ws.resolve("src/App.java"))).doesNotContain("= 1;");
  }

  @Test
  void editWithIdenticalTextIsRefused() throws Exception {
    ToolOutput out =
        call("edit_file", "{\"path\":\"src/App.java\",\"old_text\":\"x\",\"new_text\":\"x\"}");
    assertThat(out.content()).contains("the same");
  }

  @Test
  void outputCapKeepsHeadAndTailAndSaysHowMuchWasCut() {
    String text = "HEAD" + "x".repeat(10_000) + "TAIL";
    String capped = OutputCap.cap(text, 500);
    assertThat(capped.length()).isLessThanOrEqualTo(500);
    assertThat(capped).startsWith("HEAD").endsWith("TAIL").contains("characters cut");
    assertThat(OutputCap.cap("short", 500)).isEqualTo("short");
  }

  @Test
  void outputCapNeverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00";
    String text = emoji.repeat(1000);
    String capped = OutputCap.cap(text, 301);
    String withoutNote = capped.replaceAll("\\n\\[.*]\\n", "");
    assertThat(withoutNote.codePoints().allMatch(cp -> cp == 0x1F600)).isTrue();
  }
}
