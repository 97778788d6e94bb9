package dev.specwright.command;

import java.util.List;

/** {@code /approve}: starts implementing a plan that waits for approval. */
public final class ApproveCommand implements Command<Void> {

  private final RunCommands run;

  public ApproveCommand(RunCommands run) {
    this.run = run;
  }

  @Override
  public String name() {
    return "approve";
  }

  @Override
  public String usage() {
    return "/approve";
  }

  @Override
  public String help() {
    return "Approve the plan and start implementing (when plan approval is required).";
  }

  @Override
  public List<String> examples() {
    return List.of("/approve");
  }

  @Override
  public Void parse(List<String> args, CommandContext context) {
    return NoArguments.check(args, usage());
  }

  @Override
  public String run(Void args, CommandContext context) {
    run.approve(context.requireRun());
    return "Plan approved; implementing starts.";
  }
}
