package dev.specwright.command;

/**
 * Quotes user-written text in a reply as inline code: backticks and line breaks are removed and
 * long text is cut, so echoed input cannot break out into Markdown, mention anyone or start a line.
 */
final class CodeSpan {

  private static final int MAX = 80;

  private CodeSpan() {}

  static String of(String text) {
    String flat = text.replace('`', '\'').replaceAll("[\\r\\n\\t]+", " ").strip();
    if (flat.length() > MAX) {
      flat = flat.substring(0, MAX) + "…";
    }
    return "`" + flat + "`";
  }
}
