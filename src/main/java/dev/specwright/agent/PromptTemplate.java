package dev.specwright.agent;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt with named placeholders, {@code {{name}}}. Rendering fails on a placeholder with no
 * value, so a typo in a team's prompt is found when it is loaded, not by a confused model.
 */
public record PromptTemplate(String text) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_][a-z0-9_]*)\\s*}}");

  /** The placeholder names the template uses. */
  public Set<String> placeholders() {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Fills every placeholder; throws {@link IllegalArgumentException} naming any without value. */
  public String render(Map<String, String> values) {
    Set<String> missing = new TreeSet<>(placeholders());
    missing.removeAll(values.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the prompt uses placeholders with no value: " + missing);
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
