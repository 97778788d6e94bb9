package dev.specwright.command;

import dev.specwright.llm.ModelRef;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /switch-model [role|task-key] <provider:model>}: the model for a role in this run or for
 * one subtask (on a PR, its subtask by default). Only models of the configured catalog are
 * accepted, so a comment cannot move a run to an arbitrary or unpriced model. A role name wins over
 * a subtask key of the same spelling.
 */
public final class SwitchModelCommand implements Command<SwitchModelCommand.Request> {

  /** The parsed arguments: a role or a task key (exactly one), and a catalog model. */
  public record Request(Optional<Role> role, Optional<String> taskKey, ModelRef model) {}

  private final RunCommands run;
  private final ModelCatalog catalog;

  public SwitchModelCommand(RunCommands run, ModelCatalog catalog) {
    this.run = run;
    this.catalog = catalog;
  }

  @Override
  public String name() {
    return "switch-model";
  }

  @Override
  public String usage() {
    return "/switch-model [planner|researcher|developer|reviewer|task-key] <provider:model>";
  }

  @Override
  public String help() {
    return "Change the model of a role in this run, or of one subtask (on a PR: its own);"
        + " only models from the configured catalog.";
  }

  @Override
  public List<String> examples() {
    return List.of(
        "/switch-model developer anthropic:claude-sonnet-4-5",
        "/switch-model api-client openai:gpt-5-mini",
        "/switch-model anthropic:claude-opus-4-1");
  }

  @Override
  public Request parse(List<String> args, CommandContext context) {
    if (args.isEmpty() || args.size() > 2) {
      throw new CommandRefused(
          "takes a target and a model. Usage: `" + usage() + "`. " + allowedList());
    }
    ModelRef model = allowed(args.getLast());
    if (args.size() == 1) {
      String key =
          context
              .defaultTaskKey()
              .orElseThrow(
                  () ->
                      new CommandRefused(
                          "say which role (planner, researcher, developer, reviewer) or subtask."
                              + " Usage: `"
                              + usage()
                              + "`"));
      return new Request(Optional.empty(), Optional.of(key), model);
    }
    String target = args.getFirst();
    Optional<Role> role = Role.parse(target);
    if (role.isPresent()) {
      return new Request(role, Optional.empty(), model);
    }
    return new Request(Optional.empty(), Optional.of(TaskKeyArgument.check(target)), model);
  }

  private ModelRef allowed(String text) {
    List<ModelRef> models = catalog.allowedModels();
    return models.stream()
        .filter(m -> m.toString().equalsIgnoreCase(text.strip()))
        .findFirst()
        .orElseThrow(
            () ->
                new CommandRefused(
                    CodeSpan.of(text) + " is not in the model catalog. " + allowedList()));
  }

  private String allowedList() {
    List<ModelRef> models = catalog.allowedModels();
    if (models.isEmpty()) {
      return "No models are configured for switching.";
    }
    return "Allowed models: "
        + models.stream().map(m -> CodeSpan.of(m.toString())).collect(Collectors.joining(", "))
        + ".";
  }

  @Override
  public String run(Request request, CommandContext context) {
    RunRef target = context.requireRun();
    String model = CodeSpan.of(request.model().toString());
    if (request.role().isPresent()) {
      Role role = request.role().get();
      List<String> retried = run.switchRoleModel(target, role, request.model());
      String done = "The " + role.label() + " role now uses " + model + " in this run";
      return retried.isEmpty()
          ? done + "; agents already running use it from their next attempt."
          : done
              + "; retrying now with it: "
              + retried.stream().map(CodeSpan::of).collect(Collectors.joining(", "))
              + ".";
    }
    String key = request.taskKey().orElseThrow();
    boolean retriedNow = run.switchTaskModel(target, key, request.model());
    return "Subtask "
        + CodeSpan.of(key)
        + " now uses "
        + model
        + (retriedNow ? "; it was failed or stuck and is retried now." : " from its next attempt.");
  }
}
