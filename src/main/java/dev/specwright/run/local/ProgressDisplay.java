package dev.specwright.run.local;

import dev.specwright.run.Figures;
import dev.specwright.run.RunRecord;
import dev.specwright.run.Subtask;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The live view of a local run: one line for the run and one per subtask (state, model, iterations,
 * tokens, spend). On a terminal the lines are redrawn in place; otherwise a line is printed only
 * when it changed, so a log stays readable.
 */
final class ProgressDisplay {

  private final PrintWriter out;
  private final boolean redraw;
  private final List<String> shown = new ArrayList<>();

  ProgressDisplay(PrintWriter out, boolean redraw) {
    this.out = out;
    this.redraw = redraw;
  }

  void update(RunRecord run, List<Subtask> tasks, LiveFigures live) {
    List<String> lines = new ArrayList<>();
    String phase = run.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    String runLine = "run " + phase;
    for (String role : List.of("researcher", "planner")) {
      var l = live.of(role);
      if (l.isPresent()) {
        runLine += "  " + role + " " + l.get().model() + " " + figures(l.get().figures());
      }
    }
    lines.add(runLine);
    for (Subtask t : tasks) {
      var l = live.of(t.key());
      Figures f = t.figures();
      String model = t.model() == null ? "" : t.model();
      String extra = "";
      if (l.isPresent()) {
        f = f.plus(l.get().figures());
        model = l.get().model();
        extra = l.get().role().label().equals("reviewer") ? " (reviewer)" : "";
      }
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-20s %-18s %-28s %s%s",
              t.key(),
              t.state().label(),
              model,
              figures(f),
              extra));
    }
    if (redraw) {
      StringBuilder b = new StringBuilder();
      if (!shown.isEmpty()) {
        b.append("\u001b[").append(shown.size()).append('F'); // to the first line drawn before
      }
      for (String line : lines) {
        b.append("\u001b[2K").append(line).append('\n');
      }
      for (int i = lines.size(); i < shown.size(); i++) {
        b.append("\u001b[2K\n");
      }
      out.print(b);
      out.flush();
      int drawn = Math.max(lines.size(), shown.size());
      shown.clear();
      shown.addAll(lines);
      while (shown.size() < drawn) {
        shown.add("");
      }
    } else {
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (i >= shown.size() || !shown.get(i).equals(line)) {
          if (!stable(line).equals(i < shown.size() ? stable(shown.get(i)) : null)) {
            out.println(line.strip());
          }
        }
      }
      out.flush();
      shown.clear();
      shown.addAll(lines);
    }
  }

  /** Plain output prints a line again only when its state or model changed, not every token. */
  private static String stable(String line) {
    return line.replaceAll("\\s+\\d+ it .*$", "");
  }

  static String figures(Figures f) {
    return String.format(
        Locale.ROOT, "%d it %,d tok %s", f.iterations(), f.usage().total(), f.cost());
  }
}
