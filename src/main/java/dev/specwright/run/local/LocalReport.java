package dev.specwright.run.local;

import dev.specwright.run.RunRecord;
import dev.specwright.run.Subtask;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The Markdown report of a local run: the plan, the branches, the reviews and the figures table
 * (the status comment as it would stand on the issue).
 */
final class LocalReport {

  private LocalReport() {}

  static String render(
      int number,
      LocalRepository repo,
      LocalRun.Spec spec,
      List<String> header,
      RunRecord run,
      List<Subtask> tasks,
      LocalGitHub github,
      Map<String, String> branches,
      boolean interrupted,
      Clock clock) {
    StringBuilder b = new StringBuilder();
    b.append("# Specwright local run #")
        .append(number)
        .append(": ")
        .append(spec.title())
        .append("\n\n");
    b.append("- Repository: `").append(repo.dir()).append("`\n");
    b.append("- Base: `")
        .append(repo.baseBranch())
        .append("` at `")
        .append(repo.baseCommit(), 0, 10)
        .append("`\n");
    b.append("- Finished: ").append(clock.instant()).append('\n');
    b.append("- Outcome: ")
        .append(
            interrupted
                ? "interrupted (Ctrl-C); the run was cancelled"
                : run == null ? "did not start" : outcome(run))
        .append('\n');
    if (run != null && run.failure() != null) {
      b.append("- Failure: ").append(run.failure()).append('\n');
    }
    for (String h : header) {
      b.append("- ").append(h).append('\n');
    }

    b.append("\n## Plan\n\n");
    if (tasks.isEmpty()) {
      b.append("No plan was made.\n");
    }
    for (Subtask t : tasks) {
      b.append("- **").append(t.key()).append("** ").append(t.title());
      if (!t.dependsOn().isEmpty()) {
        b.append(" (after ").append(String.join(", ", t.dependsOn())).append(')');
      }
      b.append(" — ").append(t.state().label());
      if (t.reason() != null && !t.reason().isBlank()) {
        b.append(": ").append(t.reason().strip());
      }
      b.append('\n');
      for (String c : t.acceptanceCriteria()) {
        b.append("  - [ ] ").append(c).append('\n');
      }
    }

    b.append("\n## Branches\n\n");
    if (branches.isEmpty()) {
      b.append("No branch was pushed.\n");
    } else {
      b.append("| branch | head | summary |\n|---|---|---|\n");
      for (var e : branches.entrySet()) {
        String summary =
            tasks.stream()
                .filter(t -> e.getKey().equals(t.branch()))
                .map(t -> t.summary() == null ? "" : t.summary())
                .findFirst()
                .orElse("");
        b.append("| `")
            .append(e.getKey())
            .append("` | `")
            .append(e.getValue(), 0, 10)
            .append("` | ")
            .append(cell(summary))
            .append(" |\n");
      }
      b.append("\nTry one: `git diff ")
          .append(repo.baseBranch())
          .append("...")
          .append(branches.keySet().iterator().next())
          .append("`\n");
    }

    b.append("\n## Reviews\n\n");
    List<LocalGitHub.Review> reviews = github.reviews();
    if (reviews.isEmpty()) {
      b.append("No review was made.\n");
    }
    for (LocalGitHub.Review r : reviews) {
      b.append("### `")
          .append(github.headOf(r.pullRequest()).orElse("#" + r.pullRequest()))
          .append("`: ")
          .append(r.event().name())
          .append("\n\n")
          .append(withoutMarkers(r.body()).strip())
          .append("\n\n");
      for (var c : r.comments()) {
        b.append("- `")
            .append(c.path())
            .append(':')
            .append(c.line())
            .append("` ")
            .append(c.body())
            .append('\n');
      }
      if (!r.comments().isEmpty()) {
        b.append('\n');
      }
    }

    b.append("\n## Figures\n\n");
    String status =
        github.comments().stream()
            .filter(c -> c.contains("Specwright status"))
            .reduce((x, y) -> y)
            .orElse("No status was recorded.");
    b.append(withoutMarkers(status).strip()).append('\n');
    return b.toString();
  }

  private static String outcome(RunRecord run) {
    return switch (run.state()) {
      case IMPLEMENTING, REVIEWING, DONE ->
          "finished: every subtask is reviewed, failed or blocked; the branches wait for you";
      default -> run.state().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String withoutMarkers(String text) {
    return text.replaceAll("<!--.*?-->", "");
  }

  private static String cell(String s) {
    String t = s.replace("|", "\\|").replace('\n', ' ').strip();
    return t.length() > 120 ? t.substring(0, 117) + "..." : t;
  }
}
