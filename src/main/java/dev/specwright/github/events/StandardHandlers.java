package dev.specwright.github.events;

import dev.specwright.github.IssueComments;
import dev.specwright.github.RepoPermissions;
import java.util.List;

/**
 * The event handlers Specwright registers today. Adding an event is adding a class to this list;
 * {@code intake} is where the run plugs in (today: {@link TakenUpComment}).
 */
public final class StandardHandlers {

  private StandardHandlers() {}

  public static List<EventHandler> of(
      String specLabel,
      Installations installations,
      RepoPermissions permissions,
      SpecIntake intake) {
    return List.of(
        new PingHandler(),
        new InstallationHandler(installations),
        new InstallationRepositoriesHandler(installations),
        new SpecLabelHandler(specLabel, permissions, intake));
  }

  /** The placeholder intake that comments on the issue. */
  public static SpecIntake takenUpComment(IssueComments comments) {
    return new TakenUpComment(comments);
  }

  /**
   * The app's own handlers (ping, installations) followed by {@code more}: how {@code serve} adds
   * the run's intake and the command handlers in place of the placeholder intake.
   */
  public static List<EventHandler> with(
      Installations installations, List<? extends EventHandler> more) {
    List<EventHandler> all = new java.util.ArrayList<>();
    all.add(new PingHandler());
    all.add(new InstallationHandler(installations));
    all.add(new InstallationRepositoriesHandler(installations));
    all.addAll(more);
    return List.copyOf(all);
  }
}
