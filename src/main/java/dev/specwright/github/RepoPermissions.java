package dev.specwright.github;

import java.io.IOException;

/** Port: what may this user do on this repository? */
@FunctionalInterface
public interface RepoPermissions {

  Permission permission(RepoRef repo, String login) throws IOException;

  /** True for write, maintain and admin. */
  default boolean isTrusted(RepoRef repo, String login) throws IOException {
    return permission(repo, login).isTrusted();
  }
}
