package dev.specwright.github;

import java.util.Locale;

/** A user's role on a repository, from GitHub's collaborator permission API. */
public enum Permission {
  ADMIN,
  MAINTAIN,
  WRITE,
  TRIAGE,
  READ,
  NONE;

  /** Write, maintain and admin may hand work to Specwright and steer it. */
  public boolean isTrusted() {
    return this == ADMIN || this == MAINTAIN || this == WRITE;
  }

  /** From GitHub's {@code role_name} or {@code permission}; anything unknown is {@link #NONE}. */
  public static Permission of(String value) {
    if (value == null) {
      return NONE;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "admin" -> ADMIN;
      case "maintain" -> MAINTAIN;
      case "write", "push" -> WRITE;
      case "triage" -> TRIAGE;
      case "read", "pull" -> READ;
      default -> NONE;
    };
  }
}
