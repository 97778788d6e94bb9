package dev.specwright.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RepoPermissions} from {@code GET /repos/{owner}/{repo}/collaborators/{user}/permission},
 * cached briefly: a burst of events from one person costs one call, and a revoked permission takes
 * effect within {@code ttl}. A user who is not a collaborator (404) has {@link Permission#NONE}.
 */
public final class GitHubRepoPermissions implements RepoPermissions {

  private record Cached(Permission permission, Instant until) {}

  private final GitHubClients clients;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public GitHubRepoPermissions(GitHubClients clients, Clock clock, Duration ttl) {
    this.clients = clients;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public Permission permission(RepoRef repo, String login) throws IOException {
    String key = repo.installationId() + ":" + repo.fullName() + ":" + login;
    Cached c = cache.get(key);
    Instant now = clock.instant();
    if (c != null && now.isBefore(c.until())) {
      return c.permission();
    }
    Permission p = fetch(repo, login);
    cache.put(key, new Cached(p, now.plus(ttl)));
    return p;
  }

  private Permission fetch(RepoRef repo, String login) throws IOException {
    JsonNode n;
    try {
      n =
          clients
              .installation(repo.installationId())
              .rest()
              .get(
                  "repos/"
                      + seg(repo.owner())
                      + "/"
                      + seg(repo.name())
                      + "/collaborators/"
                      + seg(login)
                      + "/permission");
    } catch (GitHubApiException e) {
      if (e.status() == 404) {
        return Permission.NONE;
      }
      throw e;
    }
    // role_name distinguishes maintain/triage; older servers only send permission.
    String role = n.path("role_name").asText("");
    Permission fromRole = Permission.of(role);
    return fromRole != Permission.NONE ? fromRole : Permission.of(n.path("permission").asText(""));
  }

  static String seg(String s) {
    return okhttp3.HttpUrl.parse("http://x/")
        .newBuilder()
        .addPathSegment(s)
        .build()
        .encodedPathSegments()
        .get(0);
  }
}
