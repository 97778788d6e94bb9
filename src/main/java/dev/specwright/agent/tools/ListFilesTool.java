package dev.specwright.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.llm.ToolSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code list_files}: the files and directories under a path, as git sees them. */
public final class ListFilesTool implements Tool {

  static final int MAX_ENTRIES = 500;

  private static final ToolSpec SPEC =
      new ToolSpec(
          "list_files",
          "List files and directories under a path in the workspace (directories end with /)."
              + " Files ignored by .gitignore and the .git directory are left out.",
          """
          {"type":"object","properties":{
            "path":{"type":"string","description":"Directory relative to the workspace root; default ."},
            "depth":{"type":"integer","minimum":1,"maximum":10,"description":"Levels to descend; default 2"}
          },"additionalProperties":false}""");

  private final Workspace workspace;

  public ListFilesTool(Workspace workspace) {
    this.workspace = workspace;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(JsonNode args) throws ToolException {
    String given = args.path("path").asText(".");
    Path dir = workspace.resolveForRead(given);
    if (!Files.isDirectory(dir)) {
      throw new ToolException("'" + given + "' is not a directory");
    }
    int depth = args.path("depth").asInt(2);
    List<String> entries = new ArrayList<>();
    boolean[] more = {false};
    try {
      new VisibleFiles(workspace)
          .walk(
              dir,
              depth,
              (p, attrs) -> {
                if (entries.size() >= MAX_ENTRIES * 10) {
                  more[0] = true;
                  return false;
                }
                // A symbolic link to a directory inside is listed as a directory.
                boolean isDir =
                    attrs.isDirectory() || (attrs.isSymbolicLink() && Files.isDirectory(p));
                entries.add(workspace.relative(p) + (isDir ? "/" : ""));
                return true;
              });
    } catch (IOException e) {
      throw new ToolException("cannot list '" + given + "': " + e.getMessage());
    }
    entries.sort(null);
    if (entries.isEmpty()) {
      return ToolOutput.ok("(no files)");
    }
    StringBuilder out = new StringBuilder();
    int shown = Math.min(entries.size(), MAX_ENTRIES);
    for (int i = 0; i < shown; i++) {
      out.append(entries.get(i)).append('\n');
    }
    if (shown < entries.size() || more[0]) {
      out.append("[")
          .append(more[0] ? "more than " + entries.size() : entries.size())
          .append(" entries; showing the first ")
          .append(shown)
          .append(". List a subdirectory or lower the depth.]\n");
    }
    return ToolOutput.ok(out.toString());
  }
}
