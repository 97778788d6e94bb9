package dev.specwright.command;

import java.util.Locale;

/**
 * A user's permission on a repository, as GitHub's collaborator permission API reports it (its
 * {@code role_name}: admin, maintain, write, triage, read; {@code none} for non-collaborators).
 * Ordered from least to most.
 */
public enum Permission {
  NONE,
  READ,
  TRIAGE,
  WRITE,
  MAINTAIN,
  ADMIN;

  public boolean atLeast(Permission other) {
    return compareTo(other) >= 0;
  }

  /**
   * Reads GitHub's {@code role_name} or legacy {@code permission} string. Anything unknown (a
   * custom role name, null) is {@link #NONE}: an unknown role must not be trusted.
   */
  public static Permission fromGitHub(String roleName) {
    if (roleName == null) {
      return NONE;
    }
    return switch (roleName.trim().toLowerCase(Locale.ROOT)) {
      case "admin" -> ADMIN;
      case "maintain" -> MAINTAIN;
      case "write" -> WRITE;
      case "triage" -> TRIAGE;
      case "read" -> READ;
      default -> NONE;
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
