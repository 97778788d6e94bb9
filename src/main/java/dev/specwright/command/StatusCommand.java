package dev.specwright.command;

import java.util.List;

/** {@code /status}: refreshes the run's status comment now and links to it. */
public final class StatusCommand implements Command<Void> {

  private final RunCommands run;

  public StatusCommand(RunCommands run) {
    this.run = run;
  }

  @Override
  public String name() {
    return "status";
  }

  @Override
  public String usage() {
    return "/status";
  }

  @Override
  public String help() {
    return "Refresh the run's status comment now and link to it.";
  }

  @Override
  public List<String> examples() {
    return List.of("/status");
  }

  @Override
  public Void parse(List<String> args, CommandContext context) {
    return NoArguments.check(args, usage());
  }

  @Override
  public String run(Void args, CommandContext context) {
    String url = run.refreshStatus(context.requireRun());
    return "Status refreshed: " + url;
  }
}
