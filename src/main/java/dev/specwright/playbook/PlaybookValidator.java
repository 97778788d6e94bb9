package dev.specwright.playbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks one file as {@code specwright playbook validate} does: a playbook (with its templates) or
 * a repository file, told apart by name ({@code specwright.yml} is a repository file).
 */
public final class PlaybookValidator {

  /** The outcome: problems, or a one-line summary of what the file resolves to. */
  public record Report(List<PlaybookProblem> problems, String summary) {
    public Report {
      problems = List.copyOf(problems);
    }

    public boolean valid() {
      return problems.isEmpty();
    }
  }

  private PlaybookValidator() {}

  /** Whether a path names a repository file rather than a playbook. */
  public static boolean isRepositoryFile(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().equals("specwright.yml");
  }

  /**
   * Validates a playbook file, its templates looked up beside it.
   *
   * @param file the file, named in messages as given
   */
  public static Report playbook(Path file) {
    String shown = file.toString();
    Optional<String> text = read(file);
    if (text.isEmpty()) {
      return unreadable(file);
    }
    Path parent = file.toAbsolutePath().normalize().getParent();
    Path given = file.getParent();
    PlaybookLibrary folder = new PlaybookLibrary(parent, given == null ? "" : given.toString());
    String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    try {
      Layer layer = folder.loadText(shown, text.get(), parent);
      EffectivePlaybook p = LayerMerge.merge(name, shown, List.of(layer));
      if (!PlaybookLibrary.NAME.matcher(name).matches()) {
        return new Report(
            List.of(
                new PlaybookProblem(
                    shown,
                    0,
                    "",
                    "the file name must be the playbook's name (lowercase letters, digits, - and"
                        + " _) followed by .yml, so that a label spec:<name> can pick it")),
            "");
      }
      return new Report(List.of(), p.summary());
    } catch (InvalidPlaybookException e) {
      return new Report(e.problems(), "");
    }
  }

  /**
   * Validates a repository file; with a library, the playbook it names must exist and the summary
   * shows what it resolves to.
   */
  public static Report repositoryFile(Path file, Optional<PlaybookLibrary> library) {
    Optional<String> text = read(file);
    if (text.isEmpty()) {
      return unreadable(file);
    }
    try {
      RepositoryFile repo = RepositoryFile.parse(text.get());
      String name = repo.playbook().orElse(PlaybookLibrary.DEFAULT);
      if (library.isEmpty()) {
        return new Report(
            List.of(),
            "repository file: label "
                + repo.label()
                + ", playbook "
                + name
                + " (not checked: no playbooks folder)");
      }
      if (!library.get().has(name)) {
        return new Report(
            List.of(
                new PlaybookProblem(
                    RepositoryFile.PATH,
                    repo.playbookLine(),
                    "playbook",
                    "there is no playbook named \""
                        + name
                        + "\"; available: "
                        + String.join(", ", library.get().names()))),
            "");
      }
      EffectivePlaybook p = library.get().resolve(name, List.of(repo.layer()));
      return new Report(List.of(), "repository file: label " + repo.label() + "; " + p.summary());
    } catch (InvalidPlaybookException e) {
      return new Report(e.problems(), "");
    }
  }

  private static Optional<String> read(Path file) {
    try {
      if (Files.size(file) > LocatedYaml.MAX_CHARS) {
        return Optional.empty();
      }
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static Report unreadable(Path file) {
    String why;
    try {
      why =
          !Files.exists(file)
              ? "does not exist"
              : Files.size(file) > LocatedYaml.MAX_CHARS
                  ? "is larger than " + LocatedYaml.MAX_CHARS / 1024 + " KiB; is it a playbook?"
                  : "cannot be read as UTF-8 text";
    } catch (IOException e) {
      why = "cannot be read: " + e.getMessage();
    }
    return new Report(List.of(new PlaybookProblem(file.toString(), 0, "", "the file " + why)), "");
  }
}
