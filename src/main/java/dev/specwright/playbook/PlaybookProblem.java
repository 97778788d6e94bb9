package dev.specwright.playbook;

import java.util.Objects;

/**
 * One thing wrong with a playbook, a prompt template or a repository file, located for a human:
 * {@code playbooks/x.yml:12: developer.budgets.iterations: must be a whole number of at least 1,
 * got "ten"}.
 *
 * @param file the file as the user knows it ({@code playbooks/x.yml}, {@code
 *     .github/specwright.yml})
 * @param line the 1-based line, or 0 when the file has no lines to point at (it does not exist)
 * @param field the field in dotted form ({@code developer.budgets.iterations}); empty when the
 *     problem is with the file as a whole (a YAML syntax error)
 * @param message what is wrong, in plain words
 */
public record PlaybookProblem(String file, int line, String field, String message) {

  public PlaybookProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    field = field == null ? "" : field;
  }

  @Override
  public String toString() {
    return file
        + (line > 0 ? ":" + line : "")
        + ": "
        + (field.isEmpty() ? "" : field + ": ")
        + message;
  }
}
