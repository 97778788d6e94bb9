package dev.specwright.command;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers each user's permission on each repository for a short time, so a burst of commands
 * costs one API call. Short on purpose: a revoked collaborator loses control within {@code ttl}.
 * Failures are not cached. Bounded (least recently used entries go first).
 */
public final class CachedPermissions implements CollaboratorPermissions {

  private static final int MAX_ENTRIES = 4096;

  private final CollaboratorPermissions source;
  private final Duration ttl;
  private final InstantSource clock;
  private final Map<String, Cached> entries =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  private record Cached(Permission permission, Instant expires) {}

  public CachedPermissions(CollaboratorPermissions source, Duration ttl, InstantSource clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative");
    }
  }

  @Override
  public Permission permission(RepoRef repo, String login) {
    // Logins and repository names are case-insensitive on GitHub.
    String key = (repo.fullName() + "\n" + login).toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    synchronized (entries) {
      Cached cached = entries.get(key);
      if (cached != null && now.isBefore(cached.expires())) {
        return cached.permission();
      }
    }
    Permission fresh = source.permission(repo, login);
    synchronized (entries) {
      entries.put(key, new Cached(fresh, now.plus(ttl)));
    }
    return fresh;
  }
}
