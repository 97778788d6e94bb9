package dev.specwright.command;

import java.util.List;

/** {@code /plan}: plans the run again, keeping the subtasks already merged. */
public final class PlanCommand implements Command<Void> {

  private final RunCommands run;

  public PlanCommand(RunCommands run) {
    this.run = run;
  }

  @Override
  public String name() {
    return "plan";
  }

  @Override
  public String usage() {
    return "/plan";
  }

  @Override
  public String help() {
    return "Plan again, keeping the subtasks already merged.";
  }

  @Override
  public List<String> examples() {
    return List.of("/plan");
  }

  @Override
  public Void parse(List<String> args, CommandContext context) {
    return NoArguments.check(args, usage());
  }

  @Override
  public String run(Void args, CommandContext context) {
    run.replan(context.requireRun());
    return "Planning again; subtasks already merged are kept.";
  }
}
