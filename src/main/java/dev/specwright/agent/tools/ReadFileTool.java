package dev.specwright.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.llm.ToolSpec;
import java.nio.file.Path;

/** {@code read_file}: a file's text with line numbers, whole or a range of lines. */
public final class ReadFileTool implements Tool {

  private static final ToolSpec SPEC =
      new ToolSpec(
          "read_file",
          "Read a text file in the workspace. Each line is prefixed with its number and a tab;"
              + " the prefix is not part of the file. Give start_line/end_line to read a range.",
          """
          {"type":"object","properties":{
            "path":{"type":"string","description":"File relative to the workspace root"},
            "start_line":{"type":"integer","minimum":1,"description":"First line (1-based)"},
            "end_line":{"type":"integer","minimum":1,"description":"Last line, inclusive"}
          },"required":["path"],"additionalProperties":false}""");

  private final Workspace workspace;

  public ReadFileTool(Workspace workspace) {
    this.workspace = workspace;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(JsonNode args) throws ToolException {
    String given = args.get("path").asText();
    Path file = workspace.resolveForRead(given);
    String text = TextFiles.read(file, given);
    if (text.isEmpty()) {
      return ToolOutput.ok("(empty file)");
    }
    String[] lines = text.split("\n", -1);
    int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
    int start = args.path("start_line").asInt(1);
    int end = args.has("end_line") ? args.get("end_line").asInt() : count;
    if (start > count) {
      throw new ToolException(
          "start_line " + start + " is past the end of '" + given + "' (" + count + " lines)");
    }
    if (end < start) {
      throw new ToolException("end_line " + end + " is before start_line " + start);
    }
    end = Math.min(end, count);
    StringBuilder out = new StringBuilder();
    for (int i = start; i <= end; i++) {
      out.append(String.format("%6d\t", i)).append(stripCr(lines[i - 1])).append('\n');
    }
    if (start > 1 || end < count) {
      out.append("[lines ").append(start).append('-').append(end);
      out.append(" of ").append(count).append("]\n");
    }
    return ToolOutput.ok(out.toString());
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
