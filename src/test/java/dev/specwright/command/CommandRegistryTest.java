package dev.specwright.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRegistryTest {

  final FakeRun run = new FakeRun();
  final CommandRegistry registry = CommandRegistry.standard(run, List::of);

  @Test
  void holdsTheCommandsOfIssueFiveInHelpOrder() {
    assertThat(registry.commands())
        .extracting(Command::name)
        .containsExactly("retry", "switch-model", "cancel", "status", "plan", "approve", "help");
  }

  @Test
  void findsCommandsCaseInsensitively() {
    assertThat(registry.find("SWITCH-MODEL")).containsInstanceOf(SwitchModelCommand.class);
    assertThat(registry.find("build")).isEmpty();
  }

  @Test
  void everyCommandDocumentsItself() {
    for (Command<?> c : registry.commands()) {
      assertThat(c.usage()).as(c.name()).startsWith("/" + c.name());
      assertThat(c.help()).as(c.name()).isNotBlank().doesNotContain("\n");
      assertThat(c.examples())
          .as(c.name())
          .isNotEmpty()
          .allMatch(e -> e.startsWith("/" + c.name()));
      assertThat(CommandReader.read(String.join("\n", c.examples())))
          .as("examples of %s parse as that command", c.name())
          .allMatch(s -> s.name().equals(c.name()));
    }
  }

  @Test
  void helpTextRunsNothingEvenIfItIsReadBack() {
    assertThat(CommandReader.read(registry.helpText())).isEmpty();
  }

  @Test
  void addingACommandIsAddingOneClass() {
    Command<Void> ping =
        new Command<>() {
          @Override
          public String name() {
            return "ping";
          }

          @Override
          public String usage() {
            return "/ping";
          }

          @Override
          public String help() {
            return "Answer pong.";
          }

          @Override
          public List<String> examples() {
            return List.of("/ping");
          }

          @Override
          public Void parse(List<String> args, CommandContext context) {
            return null;
          }

          @Override
          public String run(Void args, CommandContext context) {
            return "pong";
          }
        };

    CommandRegistry withPing = new CommandRegistry(List.of(ping));

    assertThat(withPing.find("ping")).contains(ping);
    assertThat(withPing.helpText()).contains("- `/ping` — Answer pong.");
  }

  @Test
  void rejectsTwoCommandsOfOneName() {
    assertThatThrownBy(
            () -> new CommandRegistry(List.of(new PlanCommand(run), new PlanCommand(run))))
        .hasMessage("two commands are named plan");
  }
}
