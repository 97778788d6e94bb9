package dev.specwright.playbook;

import java.util.List;
import java.util.Objects;

/** What a label on an issue means for Specwright, given the repository's file. */
public sealed interface PlaybookChoice {

  /** The label is not a spec label: nothing to do. */
  record NotASpecLabel(String label) implements PlaybookChoice {}

  /** Start a run with this playbook. */
  record Chosen(EffectivePlaybook playbook) implements PlaybookChoice {
    public Chosen {
      Objects.requireNonNull(playbook, "playbook");
    }
  }

  /**
   * A spec label, but the run cannot start: an unknown or malformed playbook name, or an invalid
   * repository file or playbook. The run posts {@link #toMarkdown()} as one comment on the issue.
   */
  record Rejected(String label, List<PlaybookProblem> problems) implements PlaybookChoice {
    public Rejected {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("a rejection says why");
      }
    }

    /** The comment for the issue: what is wrong, where, and that the run did not start. */
    public String toMarkdown() {
      StringBuilder b =
          new StringBuilder("Specwright did not start a run for the label `")
              .append(PlaybookSelector.printable(label).replace('`', '\''))
              .append("`:\n\n```text\n");
      for (PlaybookProblem p : problems) {
        b.append(p.toString().replace("```", "'''")).append('\n');
      }
      return b.append("```\n\nFix the above and add the label again.\n").toString();
    }
  }
}
