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
}
