package dev.specwright.cli;

import static dev.specwright.agent.ScriptedChatModel.call;
import static dev.specwright.agent.ScriptedChatModel.calls;
import static dev.specwright.agent.ScriptedChatModel.finish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.agent.EndReason;
import dev.specwright.agent.ProcessSandbox;
import dev.specwright.agent.ScriptedChatModel;
import dev.specwright.agent.Transcript;
import dev.specwright.agent.TranscriptJson;
import dev.specwright.config.ConfigException;
import dev.specwright.llm.ChatModel;
import dev.specwright.llm.ModelRef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {

  @TempDir Path temp;
  Path ws;
  final Map<String, ChatModel> models = new HashMap<>();
  final List<ModelRef> asked = new ArrayList<>();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    ws = Files.createDirectories(temp.resolve("ws"));
    Files.writeString(ws.resolve("notes.txt"), "todo: write docs\n");
  }

  private int run(String... args) {
    Function<ModelRef, ChatModel> factory =
        ref -> {
          asked.add(ref);
          ChatModel m = models.get(ref.toString());
          if (m == null) {
            throw new ConfigException(
                "MODEL", "provider '" + ref.provider() + "' is not configured");
          }
          return m;
        };
    CommandLine cli = new CommandLine(new AgentCommand(factory, ProcessSandbox::new));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void runsOneAgentPrintsEachTurnAndExitsZeroWhenFinished() throws Exception {
    models.put(
        "scripted:test-model",
        ScriptedChatModel.of(
            calls(call("read_file", "path", "notes.txt")),
            calls(call("edit_file", "path", "notes.txt", "old_text", "todo", "new_text", "done")),
            finish("Marked the note done.")));
    Path transcript = temp.resolve("t/transcript.json");
    int code =
        run(
            "--workspace", ws.toString(),
            "--role", "developer",
            "--model", "scripted:test-model",
            "--task", "Mark the note done.",
            "--transcript", transcript.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(ws.resolve("notes.txt"))).isEqualTo("done: write docs\n");
    String printed = out.toString();
    assertThat(printed)
        .contains("agent: developer in " + ws.toRealPath())
        .contains("[1] scripted:test-model  100 in / 20 out tokens, $0.0010")
        .contains("→ read_file {\"path\":\"notes.txt\"}")
        .contains("✓ 1 todo: write docs")
        .contains("→ edit_file")
        .contains("end: finished")
        .contains("summary: Marked the note done.")
        .contains("3 iterations, 360 tokens")
        .contains("cost $0.0030");
    Transcript t = TranscriptJson.read(transcript);
    assertThat(t.endReason()).isEqualTo(EndReason.FINISHED);
    assertThat(t.task()).isEqualTo("Mark the note done.");
    assertThat(t.entries()).hasSize(7);
  }

  @Test
  void exitsOneWhenABudgetEndsTheAgent() throws Exception {
    models.put(
        "scripted:test-model",
        ScriptedChatModel.looping(n -> calls(call("list_files", "depth", 1 + n % 4))));
    Path taskFile = temp.resolve("task.md");
    Files.writeString(taskFile, "Explore forever.\n");
    int code =
        run(
            "--workspace", ws.toString(),
            "--role", "researcher",
            "--model", "scripted:test-model",
            "--task-file", taskFile.toString(),
            "--max-iterations", "2");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("end: budget_exhausted (iterations)");
  }

  @Test
  void fallbackModelGetsASecondAttempt() {
    models.put(
        "scripted:test-model",
        ScriptedChatModel.looping(n -> calls(call("read_file", "path", "notes.txt"))));
    models.put("other:model", ScriptedChatModel.of(finish("second model did it")));
    int code =
        run(
            "--workspace", ws.toString(),
            "--role", "reviewer",
            "--model", "scripted:test-model",
            "--fallback-model", "other:model",
            "--task", "Review.");
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("attempt 1: stuck (same_action_same_result)")
        .contains("attempt 2 (fresh context)")
        .contains("2 attempt(s)");
  }

  @Test
  void badArgumentsExitTwoWithAClearMessageAndNoModelCall() {
    assertThat(
            run("--workspace", ws.toString(), "--role", "hacker", "--model", "a:b", "--task", "t"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unknown role 'hacker'");
    assertThat(
            run(
                "--workspace",
                ws.toString(),
                "--role",
                "developer",
                "--model",
                "nocolon",
                "--task",
                "t"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("is not a model name");
    assertThat(
            run(
                "--workspace",
                temp.resolve("missing").toString(),
                "--role",
                "developer",
                "--model",
                "a:b",
                "--task",
                "t"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("is not a directory");
    assertThat(
            run(
                "--workspace",
                ws.toString(),
                "--role",
                "developer",
                "--model",
                "a:b",
                "--task",
                "t",
                "--max-wall-time",
                "soon"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("not a duration");
    assertThat(asked).isEmpty();
  }

  @Test
  void unknownProviderIsReportedBeforeAnythingRuns() {
    int code =
        run(
            "--workspace",
            ws.toString(),
            "--role",
            "developer",
            "--model",
            "nope:x",
            "--task",
            "t");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("cannot use model nope:x", "not configured");
  }

  @Test
  void taskAndTaskFileAreMutuallyExclusiveAndOneIsRequired() throws Exception {
    Path taskFile = Files.writeString(temp.resolve("t.md"), "x");
    assertThat(run("--workspace", ws.toString(), "--role", "developer", "--model", "a:b"))
        .isEqualTo(2);
    assertThat(
            run(
                "--workspace",
                ws.toString(),
                "--role",
                "developer",
                "--model",
                "a:b",
                "--task",
                "t",
                "--task-file",
                taskFile.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertThat(AgentCommand.parseDuration("90s", "x")).hasSeconds(90);
    assertThat(AgentCommand.parseDuration("30m", "x")).hasMinutes(30);
    assertThat(AgentCommand.parseDuration("2h", "x")).hasHours(2);
    assertThat(AgentCommand.parseDuration("PT5M", "x")).hasMinutes(5);
  }
}
