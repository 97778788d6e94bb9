package dev.specwright.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installation access tokens, fetched on demand with the app JWT ({@code POST
 * /app/installations/{id}/access_tokens}) and cached until shortly before they expire (GitHub gives
 * them an hour). Concurrent callers for one installation share one fetch.
 */
public final class InstallationTokens {

  /** A token is replaced this long before GitHub's expiry, so no call carries a dying token. */
  public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  private record Cached(Secret token, Instant expiresAt) {}

  private final GitHubRest rest;
  private final AppJwt jwt;
  private final Clock clock;
  private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

  public InstallationTokens(GitHubRest rest, AppJwt jwt, Clock clock) {
    this.rest = rest;
    this.jwt = jwt;
    this.clock = clock;
  }

  /** A token for the installation that is valid for at least {@link #REFRESH_MARGIN}. */
  public Secret token(long installationId) throws IOException {
    try {
      return cache
          .compute(
              installationId, (id, cached) -> cached != null && fresh(cached) ? cached : fetch(id))
          .token();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Forgets a token GitHub refused (for example after the installation's permissions changed). */
  public void invalidate(long installationId) {
    cache.remove(installationId);
  }

  private boolean fresh(Cached c) {
    return clock.instant().plus(REFRESH_MARGIN).isBefore(c.expiresAt());
  }

  private Cached fetch(long installationId) {
    try {
      JsonNode n =
          rest.call(
              "POST",
              "app/installations/" + installationId + "/access_tokens",
              null,
              Map.of("Authorization", "Bearer " + jwt.mint()));
      String token = n.path("token").asText("");
      if (token.isEmpty()) {
        throw new GitHubApiException("create installation token", 200, "no token in the answer");
      }
      Instant expires =
          n.hasNonNull("expires_at")
              ? Instant.parse(n.get("expires_at").asText())
              : clock.instant().plus(Duration.ofHours(1));
      return new Cached(Secret.of(token), expires);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
