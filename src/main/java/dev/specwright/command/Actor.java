package dev.specwright.command;

import java.util.Locale;

/**
 * Who caused an event: the GitHub login and the account type ({@code User}, {@code Bot}, {@code
 * Organization}) from the payload's {@code user} or {@code sender}.
 */
public record Actor(String login, String type) {

  public Actor {
    login = login == null ? "" : login;
    type = type == null ? "" : type;
  }

  /** GitHub marks app and bot accounts both by type and by the {@code [bot]} login suffix. */
  public boolean isBot() {
    return "Bot".equalsIgnoreCase(type) || login.toLowerCase(Locale.ROOT).endsWith("[bot]");
  }
}
