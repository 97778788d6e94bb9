package dev.specwright.playbook;

import java.util.List;
import java.util.Optional;

/**
 * The repository's own commands, run in the sandbox: set-up once per workspace, the tests by agents
 * (the {@code run_tests} tool) and by the reviewer.
 *
 * @param setup commands run in order before the first agent turn; empty for none
 * @param test the command that runs the tests; empty when agents should find out themselves
 */
public record RepositoryCommands(List<String> setup, String test) {
  public RepositoryCommands {
    setup = List.copyOf(setup);
    test = test == null ? "" : test.strip();
  }

  public Optional<String> testCommand() {
    return test.isEmpty() ? Optional.empty() : Optional.of(test);
  }
}
