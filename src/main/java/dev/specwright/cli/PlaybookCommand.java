package dev.specwright.cli;

import dev.specwright.playbook.PlaybookLibrary;
import dev.specwright.playbook.PlaybookProblem;
import dev.specwright.playbook.PlaybookValidator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code specwright playbook}: work with playbooks; {@code validate} checks files. */
@Command(
    name = "playbook",
    description = "Work with playbooks (see docs/playbooks.md).",
    mixinStandardHelpOptions = true,
    subcommands = {PlaybookCommand.Validate.class})
public final class PlaybookCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code specwright playbook validate <file>…}: exit 0 when every file is valid, else 1. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Check playbooks and repository files (.github/specwright.yml) against their schema,",
        "their prompt templates and placeholders. Prints each problem as file:line: field: what",
        "is wrong, or 'ok:' with a summary. Exit code 0 when all are valid, 1 otherwise."
      })
  static final class Validate implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "<file>", description = "Files to check.")
    List<Path> files;

    @Option(
        names = "--playbooks",
        paramLabel = "<dir>",
        defaultValue = "playbooks",
        description =
            "The playbooks folder a repository file's 'playbook:' must name one of (default:"
                + " ${DEFAULT-VALUE}).")
    Path playbooks;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      boolean allValid = true;
      for (Path file : files) {
        PlaybookValidator.Report report =
            PlaybookValidator.isRepositoryFile(file)
                ? PlaybookValidator.repositoryFile(
                    file,
                    Files.isDirectory(playbooks)
                        ? Optional.of(PlaybookLibrary.at(playbooks))
                        : Optional.empty())
                : PlaybookValidator.playbook(file);
        if (report.valid()) {
          out.println("ok: " + file + ": " + report.summary());
        } else {
          allValid = false;
          for (PlaybookProblem p : report.problems()) {
            err.println(p);
          }
        }
      }
      out.flush();
      err.flush();
      return allValid ? 0 : 1;
    }
  }
}
