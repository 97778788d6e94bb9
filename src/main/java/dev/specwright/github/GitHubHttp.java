package dev.specwright.github;

import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client chain every GitHub call goes through: rate-limit waits and retries outside,
 * then (per installation) write pacing and authentication. Installation clients derive from this
 * one, so they share its connection pool.
 */
public final class GitHubHttp {

  private final OkHttpClient base;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration writeInterval;

  public GitHubHttp(OkHttpClient base, Clock clock, Sleeper sleeper, Duration writeInterval) {
    this.base = base;
    this.clock = clock;
    this.sleeper = sleeper;
    this.writeInterval = writeInterval;
  }

  /** The production chain: real sleeps, GitHub's limits, sensible timeouts. */
  public static GitHubHttp create(Clock clock, Sleeper sleeper, Duration writeInterval) {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(60))
            .callTimeout(Duration.ofMinutes(20))
            .addInterceptor(RateLimitRetry.standard(clock, sleeper))
            .build();
    return new GitHubHttp(client, clock, sleeper, writeInterval);
  }

  /** For app-level calls (JWT passed per call) and unauthenticated ones. */
  public OkHttpClient base() {
    return base;
  }

  /** The chain for one installation: the base chain, then pacing, then its token. */
  OkHttpClient forInstallation(long installationId, InstallationTokens tokens, String apiHost) {
    return base.newBuilder()
        .addInterceptor(new WritePacer(clock, sleeper, writeInterval))
        .addInterceptor(new InstallationAuth(installationId, tokens, apiHost))
        .build();
  }
}
