package dev.specwright.workspace;

import java.util.regex.Pattern;

/**
 * A repository as {@code owner/name}, validated to GitHub's character set so that it is safe as a
 * path under the data directory (no {@code ..}, no slashes).
 */
public record RepositoryId(String owner, String name) {

  private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  public RepositoryId {
    for (String part : new String[] {owner, name}) {
      if (part == null || !PART.matcher(part).matches() || part.startsWith(".")) {
        throw new IllegalArgumentException("not a repository owner or name: '" + part + "'");
      }
    }
  }

  /** From {@code owner/name}. */
  public static RepositoryId parse(String fullName) {
    String[] parts = fullName.split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected owner/name, got '" + fullName + "'");
    }
    return new RepositoryId(parts[0], parts[1]);
  }

  @Override
  public String toString() {
    return owner + "/" + name;
  }
}
