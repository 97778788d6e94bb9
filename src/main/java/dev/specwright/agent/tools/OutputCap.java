package dev.specwright.agent.tools;

/**
 * Cuts long text to a maximum length, keeping its head and its tail (where build errors and test
 * summaries usually are) and saying in between how much was cut.
 */
public final class OutputCap {

  private OutputCap() {}

  /** Returns {@code text} unchanged when it fits in {@code maxChars}, else head + note + tail. */
  public static String cap(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int keep = Math.max(0, maxChars - 80);
    int head = keep / 2;
    int tail = keep - head;
    // Do not split a surrogate pair at either cut.
    if (head > 0 && Character.isHighSurrogate(text.charAt(head - 1))) {
      head--;
    }
    int tailStart = text.length() - tail;
    if (tail > 0 && Character.isLowSurrogate(text.charAt(tailStart))) {
      tailStart++;
    }
    int cut = tailStart - head;
    return text.substring(0, head)
        + "\n[... "
        + cut
        + " of "
        + text.length()
        + " characters cut; showing head and tail ...]\n"
        + text.substring(tailStart);
  }
}
