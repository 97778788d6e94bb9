package dev.specwright.run;

import dev.specwright.llm.Usage;
import dev.specwright.playbook.EffectivePlaybook;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the plan checklist and the live status table as GitHub markdown. */
final class StatusReport {

  private StatusReport() {}

  static String plan(RunRecord run, List<Subtask> tasks) {
    StringBuilder b = new StringBuilder(Markers.plan(run.id())).append('\n');
    b.append("### Specwright plan for #").append(run.issue()).append("\n\n");
    for (Subtask t : tasks) {
      if (t.state() == TaskState.CANCELLED && SubtaskRepository.DROPPED.equals(t.reason())) {
        continue;
      }
      b.append("- [")
          .append(t.state() == TaskState.MERGED ? "x" : " ")
          .append("] **")
          .append(t.key())
          .append("** — ")
          .append(escape(t.title()));
      b.append(" · ")
          .append(Role.DEVELOPER.label())
          .append(" on `")
          .append(modelFor(run, t))
          .append('`');
      if (!t.dependsOn().isEmpty()) {
        b.append(" · after ").append(String.join(", ", t.dependsOn()));
      }
      b.append('\n');
    }
    b.append("\nQA review by the ")
        .append(Role.REVIEWER.label())
        .append(" on `")
        .append(run.overrides().chain(run.policy(), Role.REVIEWER).getFirst())
        .append("`, up to ")
        .append(run.policy().reviewRounds())
        .append(" rounds.");
    if (run.policy().planApprovalRequired()) {
      b.append("\n\nWaiting for `/approve` from a maintainer before implementing.");
    }
    return b.toString();
  }

  private static String modelFor(RunRecord run, Subtask t) {
    return t.modelOverride() != null
        ? t.modelOverride()
        : run.overrides().chain(run.policy(), Role.DEVELOPER).getFirst().toString();
  }

  static String status(
      RunRecord run,
      List<Subtask> tasks,
      Map<RunRepository.Phase, Figures> phases,
      Map<String, Figures> live) {
    StringBuilder b = new StringBuilder(Markers.status(run.id())).append('\n');
    b.append("### Specwright status: ").append(headline(run)).append("\n\n");
    if (run.failure() != null && run.state() == RunState.FAILED) {
      b.append("> ").append(escape(run.failure())).append("\n\n");
    }
    if (!tasks.isEmpty()) {
      b.append("| subtask | state | PR | model | iterations | tokens | cost | wall time |\n");
      b.append("|---|---|---|---|---:|---:|---:|---:|\n");
    }
    Figures dev = Figures.ZERO;
    for (Subtask t : tasks) {
      Figures f = t.figures().plus(live.getOrDefault(t.key(), Figures.ZERO));
      dev = dev.plus(f);
      String state = t.state().label();
      if (t.incomplete() && t.state() != TaskState.MERGED) {
        state += " (incomplete)";
      }
      if (t.reason() != null && !t.reason().isBlank()) {
        state += ": " + escape(t.reason());
      }
      b.append("| ")
          .append(t.key())
          .append(" | ")
          .append(state)
          .append(" | ")
          .append(t.prNumber() == null ? "—" : "#" + t.prNumber())
          .append(" | ")
          .append(t.model() == null ? "—" : "`" + t.model() + "`")
          .append(" | ")
          .append(f.iterations())
          .append(" | ")
          .append(tokens(f.usage()))
          .append(" | ")
          .append(f.cost())
          .append(" | ")
          .append(wall(f.wall()))
          .append(" |\n");
    }
    b.append("\n**Totals**\n\n| phase | iterations | tokens | cost | wall time |\n");
    b.append("|---|---:|---:|---:|---:|\n");
    Figures total = dev;
    for (RunRepository.Phase p : RunRepository.Phase.values()) {
      Figures f = phases.getOrDefault(p, Figures.ZERO);
      total = total.plus(f);
      row(b, p.name().toLowerCase(Locale.ROOT), f);
    }
    row(b, "development", dev);
    row(b, "**run**", total);
    b.append('\n').append(origin(run.policy()));
    return b.toString();
  }

  /**
   * One line naming the playbook, the label that chose it and where its overrides came from (each
   * by name with its file and line, except a playbook file's many, counted), then every override
   * folded away.
   */
  static String origin(RunPolicy policy) {
    RunPolicy.Origin o = policy.origin();
    StringBuilder b =
        new StringBuilder("Playbook `")
            .append(cell(o.playbook()))
            .append("` (label `")
            .append(cell(o.label()))
            .append("`, `")
            .append(cell(o.file()))
            .append("`)");
    if (o.overrides().isEmpty()) {
      return b.append("; every setting is a built-in default.\n").toString();
    }
    Map<String, List<EffectivePlaybook.Setting>> bySource = new java.util.LinkedHashMap<>();
    for (EffectivePlaybook.Setting x : o.overrides()) {
      bySource.computeIfAbsent(x.source(), k -> new java.util.ArrayList<>()).add(x);
    }
    b.append("; overrides: ");
    List<String> parts = new java.util.ArrayList<>();
    bySource.forEach(
        (source, list) -> {
          if (source.equals(o.file()) && list.size() > 3) {
            parts.add(list.size() + " settings from `" + cell(source) + "`");
          } else {
            list.forEach(x -> parts.add(cell(x.field()) + " from `" + cell(x.where()) + "`"));
          }
        });
    b.append(String.join("; ", parts)).append(".\n");
    b.append("\n<details><summary>Every setting that differs from the built-in defaults</summary>")
        .append("\n\n")
        .append(EffectivePlaybook.settingsTable(o.overrides()));
    return b.append("\n</details>\n").toString();
  }

  private static String cell(String text) {
    return EffectivePlaybook.cell(text);
  }

  static Figures total(List<Subtask> tasks, Map<RunRepository.Phase, Figures> phases) {
    Figures t = Figures.ZERO;
    for (Subtask s : tasks) {
      t = t.plus(s.figures());
    }
    for (Figures f : phases.values()) {
      t = t.plus(f);
    }
    return t;
  }

  private static void row(StringBuilder b, String name, Figures f) {
    b.append("| ")
        .append(name)
        .append(" | ")
        .append(f.iterations())
        .append(" | ")
        .append(tokens(f.usage()))
        .append(" | ")
        .append(f.cost())
        .append(" | ")
        .append(wall(f.wall()))
        .append(" |\n");
  }

  private static String headline(RunRecord run) {
    return switch (run.state()) {
      case RESEARCHING -> "researching the repository";
      case PLANNING -> "planning";
      case AWAITING_APPROVAL -> "plan posted, waiting for `/approve`";
      case IMPLEMENTING -> "implementing";
      case REVIEWING -> "waiting for human review and merges";
      case DONE ->
          run.policy().steps().implement()
              ? "done — every subtask is merged"
              : "done — the plan is the result (the playbook runs no developers)";
      case FAILED -> "failed";
      case CANCELLED -> "cancelled";
    };
  }

  /** {@code in 1,234 / out 567} plus cache when any. */
  static String tokens(Usage u) {
    String s = String.format(Locale.ROOT, "%,d in / %,d out", u.input(), u.output());
    long cache = u.cacheRead() + u.cacheWrite();
    return cache > 0 ? s + String.format(Locale.ROOT, " / %,d cache", cache) : s;
  }

  static String wall(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? (s / 60) + "m " + (s % 60) + "s" : s + "s";
  }

  static String escape(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }
}
