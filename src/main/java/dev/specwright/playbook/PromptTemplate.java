package dev.specwright.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A role's prompt: the text of a template file with {@code {{name}}} placeholders (spaces inside
 * the braces allowed), and the file it came from for messages.
 *
 * @param file where the text came from, as shown to users ({@code playbooks/default/developer.md},
 *     or {@code built-in:developer.md})
 * @param text the template text
 */
public record PromptTemplate(String file, String text) {

  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s]*)\\s*}}");

  public PromptTemplate {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
  }

  /** One {@code {{name}}} in the text, with its 1-based line. */
  public record Use(String name, int line) {}

  /** Every placeholder written in the text, known or not, in order. */
  public List<Use> uses() {
    List<Use> uses = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int line = 1;
    int counted = 0;
    while (m.find()) {
      for (int i = counted; i < m.start(); i++) {
        if (text.charAt(i) == '\n') {
          line++;
        }
      }
      counted = m.start();
      uses.add(new Use(m.group(1), line));
    }
    return uses;
  }

  /**
   * Fills in the placeholders in one pass: a value that itself contains {@code {{task}}} (an issue
   * body can) stays as written and is never expanded again. A placeholder without a value renders
   * as empty text; placeholders were checked against the role when the playbook was loaded.
   */
  public String render(Map<Placeholder, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 256);
    while (m.find()) {
      String value =
          Placeholder.byKey(m.group(1)).map(values::get).filter(Objects::nonNull).orElse("");
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
