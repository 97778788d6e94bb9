package dev.specwright.playbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@code playbooks/} folder in a temporary directory, written file by file by a test. */
final class PlaybookFolder {

  final Path root;

  PlaybookFolder(Path tempDir) {
    this.root = tempDir.resolve("playbooks");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  PlaybookFolder write(String relative, String text) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  PlaybookLibrary library() {
    return PlaybookLibrary.at(root);
  }

  /** The problems of one playbook as the lines a user reads. */
  java.util.List<String> problems(String name) {
    try {
      library().resolve(name);
      return java.util.List.of();
    } catch (InvalidPlaybookException e) {
      return e.problems().stream().map(PlaybookProblem::toString).toList();
    }
  }
}
