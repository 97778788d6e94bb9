package dev.specwright.run;

import java.util.regex.Pattern;

/**
 * Makes agent-written text safe to post on GitHub: an agent's summary or review must not mention
 * (and so notify) people, nor close issues when its PR is merged. Mentions and closing keywords get
 * a zero-width joiner after {@code @} / {@code #}, which GitHub renders unchanged but does not act
 * on.
 */
final class GitHubText {

  private static final Pattern MENTION = Pattern.compile("(?<![\\w`])@(?=[A-Za-z0-9])");
  private static final Pattern CLOSING =
      Pattern.compile(
          "(?i)\\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(\\s*:?\\s+)([\\w.-]+/[\\w.-]+)?#(?=\\d)");

  private GitHubText() {}

  static String inert(String text) {
    if (text == null) {
      return "";
    }
    String s = MENTION.matcher(text).replaceAll("@\u200D");
    return CLOSING
        .matcher(s)
        .replaceAll(
            m ->
                java.util.regex.Matcher.quoteReplacement(
                    m.group(1) + m.group(2) + (m.group(3) == null ? "" : m.group(3)) + "#\u200D"));
  }
}
