package dev.specwright.command;

import java.util.Locale;
import java.util.Objects;

/**
 * How Specwright recognises its own doings: its GitHub App id, the login its app posts as ({@code
 * <slug>[bot]}), and the name of the check runs it creates on its pull requests. Specwright's own
 * comments carry command words (help text, status), so they must never run commands.
 *
 * @param appId the GitHub App id; 0 means unknown, and check runs are then matched by name only
 */
public record SpecwrightIdentity(long appId, String botLogin, String checkRunName) {

  public SpecwrightIdentity {
    Objects.requireNonNull(botLogin, "botLogin");
    Objects.requireNonNull(checkRunName, "checkRunName");
    if (botLogin.isBlank() || checkRunName.isBlank()) {
      throw new IllegalArgumentException("the bot login and the check run name must not be blank");
    }
  }

  /** Whether Specwright itself caused the event (its app account). */
  public boolean isSelf(Actor actor) {
    String login = actor.login().toLowerCase(Locale.ROOT);
    String self = botLogin.toLowerCase(Locale.ROOT);
    return login.equals(self) || login.equals(self + "[bot]") || (login + "[bot]").equals(self);
  }

  /** Whether the actor must not steer Specwright: Specwright itself or any other bot. */
  public boolean isBotOrSelf(Actor actor) {
    return isSelf(actor) || actor.isBot();
  }

  /** Whether a check run with this name and app is one of Specwright's. */
  public boolean ownsCheckRun(String name, long checkRunAppId) {
    if (appId != 0 && checkRunAppId != appId) {
      return false;
    }
    return name != null
        && (name.equals(checkRunName)
            || name.startsWith(checkRunName + " ")
            || name.startsWith(checkRunName + ":"));
  }
}
