package dev.specwright.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the playbook for a label: {@code spec} → the repository file's playbook or {@code
 * default}; {@code spec:<name>} → that playbook. The base label is {@code spec} unless the
 * repository file names another. The repository file's settings go over the playbook's, which go
 * over the built-in defaults.
 */
public final class PlaybookSelector {

  /** Where problems with the label itself are reported. */
  static final String LABEL_SOURCE = "issue label";

  private final PlaybookLibrary library;

  public PlaybookSelector(PlaybookLibrary library) {
    this.library = library;
  }

  /**
   * What a label means.
   *
   * @param label the label as GitHub sent it
   * @param repositoryFile the text of {@code .github/specwright.yml} on the default branch, or
   *     empty when the repository has none
   */
  public PlaybookChoice choose(String label, Optional<String> repositoryFile) {
    RepositoryFile repo;
    try {
      repo = repositoryFile.map(RepositoryFile::parse).orElseGet(RepositoryFile::none);
    } catch (InvalidPlaybookException e) {
      String base = RepositoryFile.labelOf(repositoryFile.orElseThrow());
      return match(label, base).isPresent()
          ? new PlaybookChoice.Rejected(label, e.problems())
          : new PlaybookChoice.NotASpecLabel(label);
    }
    Optional<String> requested = match(label, repo.label());
    if (requested.isEmpty()) {
      return new PlaybookChoice.NotASpecLabel(label);
    }
    String name;
    String from;
    int line;
    if (!requested.get().isEmpty()) {
      name = requested.get();
      from = LABEL_SOURCE;
      line = 0;
    } else if (repo.playbook().isPresent()) {
      name = repo.playbook().get();
      from = RepositoryFile.PATH;
      line = repo.playbookLine();
    } else {
      name = PlaybookLibrary.DEFAULT;
      from = LABEL_SOURCE;
      line = 0;
    }
    List<String> available = available();
    if (!PlaybookLibrary.NAME.matcher(name).matches()) {
      return reject(
          label,
          from,
          line,
          "\""
              + printable(name)
              + "\" is not a playbook name (lowercase letters, digits, - and _); available: "
              + String.join(", ", available));
    }
    if (!library.has(name)) {
      return reject(
          label,
          from,
          line,
          "there is no playbook named \""
              + name
              + "\"; available: "
              + String.join(", ", available));
    }
    try {
      return new PlaybookChoice.Chosen(library.resolve(name, List.of(repo.layer())));
    } catch (InvalidPlaybookException e) {
      return new PlaybookChoice.Rejected(label, e.problems());
    }
  }

  /**
   * The playbook a label asks for: empty text for the plain label, the name for {@code label:name},
   * or empty when the label is not a spec label. Labels compare without case, as GitHub's do.
   */
  static Optional<String> match(String label, String base) {
    if (label == null) {
      return Optional.empty();
    }
    String l = label.strip();
    String b = base.toLowerCase(Locale.ROOT);
    String lower = l.toLowerCase(Locale.ROOT);
    if (lower.equals(b)) {
      return Optional.of("");
    }
    if (lower.startsWith(b + ":")) {
      String name = l.substring(b.length() + 1).strip();
      // names are lowercase; "Spec:Bugfix" means bugfix, but a hostile name stays as sent
      String folded = name.toLowerCase(Locale.ROOT);
      return Optional.of(PlaybookLibrary.NAME.matcher(folded).matches() ? folded : name);
    }
    return Optional.empty();
  }

  private List<String> available() {
    List<String> names = new ArrayList<>(library.names());
    if (!names.contains(PlaybookLibrary.DEFAULT)) {
      names.add(0, PlaybookLibrary.DEFAULT);
    }
    return names;
  }

  private static PlaybookChoice reject(String label, String from, int line, String message) {
    return new PlaybookChoice.Rejected(
        label,
        List.of(
            new PlaybookProblem(
                from,
                line,
                from.equals(RepositoryFile.PATH) ? "playbook" : printable(label),
                message)));
  }

  /**
   * A label as it may be shown: at most 80 code points, with control, format (bidirectional
   * overrides, zero-width) and unassigned characters shown as {@code ?}.
   */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(80)
        .forEach(
            c ->
                b.append(
                    Character.isISOControl(c)
                            || Character.getType(c) == Character.FORMAT
                            || !Character.isDefined(c)
                        ? "?"
                        : Character.toString(c)));
    return b.toString();
  }
}
