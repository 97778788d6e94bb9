package dev.specwright.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.llm.ToolSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code write_file}: creates or overwrites a file with the given text. */
public final class WriteFileTool implements Tool {

  private static final ToolSpec SPEC =
      new ToolSpec(
          "write_file",
          "Create a file, or overwrite it, with the given content. Parent directories are"
              + " created. To change part of an existing file, prefer edit_file.",
          """
          {"type":"object","properties":{
            "path":{"type":"string","minLength":1,"description":"File relative to the workspace root"},
            "content":{"type":"string","description":"The whole new content of the file"}
          },"required":["path","content"],"additionalProperties":false}""");

  private final Workspace workspace;

  public WriteFileTool(Workspace workspace) {
    this.workspace = workspace;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(JsonNode args) throws ToolException {
    String given = args.get("path").asText();
    Path file = workspace.resolveForWrite(given);
    if (Files.isDirectory(file)) {
      throw new ToolException("'" + given + "' is a directory");
    }
    String content = args.get("content").asText();
    boolean existed = Files.exists(file);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ToolException("cannot write '" + given + "': " + e.getMessage());
    }
    long lines = content.isEmpty() ? 0 : content.lines().count();
    return ToolOutput.ok(
        (existed ? "Overwrote " : "Created ")
            + workspace.relative(file)
            + " ("
            + lines
            + " lines, "
            + content.getBytes(StandardCharsets.UTF_8).length
            + " bytes)");
  }
}
