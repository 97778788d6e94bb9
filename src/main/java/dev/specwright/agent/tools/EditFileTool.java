package dev.specwright.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.llm.ToolSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code edit_file}: replaces an exact piece of text. The old text must occur exactly once (or
 * {@code replace_all} must be set), so an edit never lands somewhere the model did not mean.
 */
public final class EditFileTool implements Tool {

  private static final ToolSpec SPEC =
      new ToolSpec(
          "edit_file",
          "Replace old_text with new_text in a file. old_text must match the file exactly"
              + " (whitespace and indentation included, without read_file's line-number prefixes)"
              + " and occur exactly once, unless replace_all is true.",
          """
          {"type":"object","properties":{
            "path":{"type":"string","minLength":1,"description":"File relative to the workspace root"},
            "old_text":{"type":"string","minLength":1,"description":"Exact text to replace"},
            "new_text":{"type":"string","description":"Replacement text"},
            "replace_all":{"type":"boolean","description":"Replace every occurrence; default false"}
          },"required":["path","old_text","new_text"],"additionalProperties":false}""");

  private final Workspace workspace;

  public EditFileTool(Workspace workspace) {
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
    String oldText = args.get("old_text").asText();
    String newText = args.get("new_text").asText();
    boolean all = args.path("replace_all").asBoolean(false);
    if (oldText.equals(newText)) {
      throw new ToolException("old_text and new_text are the same; nothing to change");
    }
    String text = TextFiles.read(file, given);
    List<Integer> at = occurrences(text, oldText);
    if (at.isEmpty()) {
      throw new ToolException(
          "old_text was not found in '"
              + given
              + "'. Read the file again and copy the exact text, including whitespace and"
              + " indentation, without the line-number prefixes.");
    }
    if (at.size() > 1 && !all) {
      List<Integer> lines = new ArrayList<>();
      for (int i = 0; i < Math.min(at.size(), 10); i++) {
        lines.add(lineOf(text, at.get(i)));
      }
      throw new ToolException(
          "old_text occurs "
              + at.size()
              + " times in '"
              + given
              + "' (at lines "
              + lines
              + "); include more surrounding lines so it is unique, or set replace_all");
    }
    String updated =
        all ? text.replace(oldText, newText) : replaceOnce(text, at.get(0), oldText, newText);
    try {
      Files.writeString(file, updated, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ToolException("cannot write '" + given + "': " + e.getMessage());
    }
    int firstLine = lineOf(updated, at.get(0));
    return ToolOutput.ok(
        "Edited "
            + workspace.relative(file)
            + ": replaced "
            + at.size()
            + (at.size() == 1 ? " occurrence" : " occurrences")
            + " (first at line "
            + firstLine
            + ").");
  }

  private static String replaceOnce(String text, int index, String oldText, String newText) {
    return text.substring(0, index) + newText + text.substring(index + oldText.length());
  }

  private static List<Integer> occurrences(String text, String needle) {
    List<Integer> at = new ArrayList<>();
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      at.add(i);
    }
    return at;
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
