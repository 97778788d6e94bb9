package dev.specwright.playbook;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A playbook or repository file that cannot be used, with every problem found (not just the first),
 * each naming file, line and field.
 */
public final class InvalidPlaybookException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<PlaybookProblem> problems;

  public InvalidPlaybookException(List<PlaybookProblem> problems) {
    super(problems.stream().map(PlaybookProblem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid playbook has at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public InvalidPlaybookException(PlaybookProblem problem) {
    this(List.of(problem));
  }

  public List<PlaybookProblem> problems() {
    return problems;
  }
}
