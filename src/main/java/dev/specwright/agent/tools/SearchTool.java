package dev.specwright.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.llm.ToolSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code search}: a regular expression over the workspace's text files, skipping what git ignores.
 * A pattern that backtracks without end is stopped at a deadline instead of hanging the attempt.
 */
public final class SearchTool implements Tool {

  static final int DEFAULT_MAX_RESULTS = 100;
  static final java.time.Duration DEFAULT_DEADLINE = java.time.Duration.ofSeconds(10);
  private static final int MAX_LINE = 300;

  private static final ToolSpec SPEC =
      new ToolSpec(
          "search",
          "Search the workspace's text files for a regular expression (Java syntax), line by line."
              + " Returns path:line: text for each match. Files ignored by .gitignore are skipped.",
          """
          {"type":"object","properties":{
            "pattern":{"type":"string","minLength":1,"description":"Regular expression"},
            "path":{"type":"string","description":"Directory or file to search; default ."},
            "glob":{"type":"string","description":"Only files whose path matches, e.g. **/*.java"},
            "case_insensitive":{"type":"boolean"},
            "max_results":{"type":"integer","minimum":1,"maximum":1000}
          },"required":["pattern"],"additionalProperties":false}""");

  private final Workspace workspace;
  private final java.time.Duration searchDeadline;

  public SearchTool(Workspace workspace) {
    this(workspace, DEFAULT_DEADLINE);
  }

  /** With a time limit for one search, after which a runaway pattern is stopped. */
  public SearchTool(Workspace workspace, java.time.Duration searchDeadline) {
    this.workspace = workspace;
    this.searchDeadline = searchDeadline;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(JsonNode args) throws ToolException, InterruptedException {
    Pattern pattern;
    try {
      int flags = args.path("case_insensitive").asBoolean(false) ? Pattern.CASE_INSENSITIVE : 0;
      pattern = Pattern.compile(args.get("pattern").asText(), flags);
    } catch (PatternSyntaxException e) {
      throw new ToolException("the pattern is not a valid regular expression: " + e.getMessage());
    }
    String given = args.path("path").asText(".");
    Path start = workspace.resolveForRead(given);
    if (!Files.exists(start)) {
      throw new ToolException("'" + given + "' does not exist");
    }
    PathMatcher glob = null;
    if (args.hasNonNull("glob")) {
      String g = args.get("glob").asText();
      glob = FileSystems.getDefault().getPathMatcher("glob:" + g);
    }
    int max = args.path("max_results").asInt(DEFAULT_MAX_RESULTS);
    List<String> hits = new ArrayList<>();
    long deadline = System.nanoTime() + searchDeadline.toNanos();
    boolean[] truncated = {false};
    PathMatcher globFinal = glob;
    try {
      new VisibleFiles(workspace)
          .walk(
              start,
              Integer.MAX_VALUE,
              (file, attrs) -> {
                if (attrs.isDirectory()) {
                  return true;
                }
                String rel = workspace.relative(file);
                if (globFinal != null
                    && !globFinal.matches(Path.of(rel))
                    && !globFinal.matches(file.getFileName())) {
                  return true;
                }
                return searchFile(file, attrs, rel, pattern, hits, max, deadline, truncated);
              });
    } catch (Deadline.Exceeded e) {
      throw new ToolException(
          "the search took longer than "
              + searchDeadline.toMillis()
              + " ms and was stopped; simplify the pattern or narrow the path");
    } catch (IOException e) {
      throw new ToolException("cannot search '" + given + "': " + e.getMessage());
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("search interrupted");
    }
    if (hits.isEmpty()) {
      return ToolOutput.ok("No matches.");
    }
    StringBuilder out = new StringBuilder(String.join("\n", hits)).append('\n');
    if (truncated[0]) {
      out.append("[stopped at ").append(max).append(" matches; narrow the search]\n");
    }
    return ToolOutput.ok(out.toString());
  }

  private static boolean searchFile(
      Path file,
      BasicFileAttributes attrs,
      String rel,
      Pattern pattern,
      List<String> hits,
      int max,
      long deadline,
      boolean[] truncated)
      throws IOException {
    if (Thread.currentThread().isInterrupted()) {
      return false;
    }
    if (attrs.isSymbolicLink()) {
      // A link that stays inside (the walk checked): search its target if it is a file.
      if (!Files.isRegularFile(file) || Files.size(file) > TextFiles.MAX_BYTES) {
        return true;
      }
    } else if (!attrs.isRegularFile() || attrs.size() > TextFiles.MAX_BYTES) {
      return true;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (TextFiles.isBinary(bytes)) {
      return true;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    Matcher m = pattern.matcher(new Deadline(text, deadline));
    // Most files do not match at all: one pass over the whole text settles that.
    if (!m.find()) {
      return true;
    }
    int lineNo = 0;
    int from = 0;
    while (from <= text.length()) {
      int nl = text.indexOf('\n', from);
      int to = nl < 0 ? text.length() : nl;
      lineNo++;
      // The region is one line; ^ and $ match at its ends, as in grep.
      m.region(from, to);
      if (m.find()) {
        if (hits.size() >= max) {
          truncated[0] = true;
          return false;
        }
        String shown = text.substring(from, to).strip();
        if (shown.length() > MAX_LINE) {
          shown = shown.substring(0, MAX_LINE) + " […]";
        }
        hits.add(rel + ":" + lineNo + ": " + shown);
      }
      if (nl < 0) {
        break;
      }
      from = nl + 1;
    }
    return true;
  }

  /** A line that checks the deadline every 4096 character reads: runaway backtracking ends. */
  private static final class Deadline implements CharSequence {
    static final class Exceeded extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Exceeded() {
        super(null, null, false, false);
      }
    }

    private final String text;
    private final long deadlineNanos;
    private int reads;

    Deadline(String text, long deadlineNanos) {
      this.text = text;
      this.deadlineNanos = deadlineNanos;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0xfff) == 0 && System.nanoTime() > deadlineNanos) {
        throw new Exceeded();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Deadline(text.substring(start, end), deadlineNanos);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
