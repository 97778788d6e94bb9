package dev.specwright.run;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which new-side lines of a unified diff can carry an inline review comment. */
final class DiffLines {

  private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

  private DiffLines() {}

  static Map<String, Set<Integer>> commentableLines(String diff) {
    Map<String, Set<Integer>> out = new HashMap<>();
    String file = null;
    int line = 0;
    for (String l : (diff == null ? "" : diff).split("\n")) {
      if (l.startsWith("+++ ")) {
        String p = l.substring(4).trim();
        file = p.equals("/dev/null") ? null : p.startsWith("b/") ? p.substring(2) : p;
        continue;
      }
      if (l.startsWith("--- ") || l.startsWith("diff ") || l.startsWith("index ")) {
        continue;
      }
      Matcher m = HUNK.matcher(l);
      if (m.find()) {
        line = Integer.parseInt(m.group(1));
        continue;
      }
      if (file == null || line == 0) {
        continue;
      }
      if (l.startsWith("+") || l.startsWith(" ")) {
        out.computeIfAbsent(file, k -> new TreeSet<>()).add(line);
        line++;
      }
    }
    return out;
  }
}
