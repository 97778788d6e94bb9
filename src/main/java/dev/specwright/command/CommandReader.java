package dev.specwright.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Finds the command lines in a comment's Markdown: lines of ordinary paragraph text that start with
 * {@code /} and a command word. The comment is parsed as CommonMark (as GitHub renders it), so
 * fenced code ({@code ```}, {@code ~~~}), indented code, HTML blocks, headings and block quotes —
 * including a line that lazily continues a quote — never yield commands. That is what keeps a
 * quoted reply ({@code > /cancel}) or a pasted example from running anything.
 *
 * <p>Only whitespace may precede the slash on its line ({@code - /retry} in a list is not a
 * command). The command word is a letter followed by letters, digits or dashes, and must end the
 * line or be followed by whitespace, so paths such as {@code /usr/bin} are not commands.
 */
public final class CommandReader {

  /** Longer comments are cut here before parsing; nobody writes commands in a novel. */
  static final int MAX_CHARS = 65_536;

  private static final Pattern COMMAND = Pattern.compile("^/([A-Za-z][A-Za-z0-9-]*)(?:\\s+(.*))?$");

  private static final Parser MARKDOWN =
      Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

  private CommandReader() {}

  /** The command lines of {@code markdown}, in the order written. */
  public static List<SlashCommand> read(String markdown) {
    if (markdown == null || markdown.indexOf('/') < 0) {
      return List.of();
    }
    String text = markdown.length() > MAX_CHARS ? markdown.substring(0, MAX_CHARS) : markdown;
    Node document = MARKDOWN.parse(text);
    List<SlashCommand> commands = new ArrayList<>();
    document.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Paragraph paragraph) {
            if (insideQuote(paragraph)) {
              return;
            }
            for (SourceSpan span : paragraph.getSourceSpans()) {
              int start = span.getInputIndex();
              if (!startsLine(text, start)) {
                continue; // e.g. "- /retry": the line starts with a list marker, not a slash
              }
              String line = text.substring(start, start + span.getLength());
              parseLine(line.strip()).ifPresent(commands::add);
            }
          }

          @Override
          public void visit(BlockQuote quote) {
            // Nothing inside a quote counts; do not descend.
          }
        });
    return List.copyOf(commands);
  }

  /** Whether only whitespace precedes {@code index} on its line. */
  private static boolean startsLine(String text, int index) {
    for (int i = index - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return true;
      }
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private static boolean insideQuote(Node node) {
    for (Node n = node.getParent(); n != null; n = n.getParent()) {
      if (n instanceof BlockQuote) {
        return true;
      }
    }
    return false;
  }

  static Optional<SlashCommand> parseLine(String line) {
    Matcher m = COMMAND.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    String rest = m.group(2) == null ? "" : m.group(2).strip();
    List<String> args = rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\\s+"));
    return Optional.of(new SlashCommand(m.group(1).toLowerCase(Locale.ROOT), args, line));
  }
}
