package dev.specwright.github;

import io.jsonwebtoken.Jwts;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The JSON Web Token a GitHub App signs to act as itself (to fetch installation tokens, list its
 * webhook deliveries). RS256, issued 60 seconds in the past to allow for clock drift, expiring nine
 * minutes on (GitHub refuses more than ten), issuer the app id.
 */
public final class AppJwt {

  static final Duration BACKDATE = Duration.ofSeconds(60);
  static final Duration LIFETIME = Duration.ofMinutes(9);

  private final long appId;
  private final PrivateKey key;
  private final Clock clock;

  public AppJwt(long appId, PrivateKey key, Clock clock) {
    this.appId = appId;
    this.key = key;
    this.clock = clock;
  }

  public long appId() {
    return appId;
  }

  /** A freshly signed token; signing takes about a millisecond, so none is cached. */
  public String mint() {
    Instant now = clock.instant();
    return Jwts.builder()
        .issuer(Long.toString(appId))
        .issuedAt(Date.from(now.minus(BACKDATE)))
        .expiration(Date.from(now.plus(LIFETIME)))
        .signWith(key, Jwts.SIG.RS256)
        .compact();
  }

  @Override
  public String toString() {
    return "AppJwt[app " + appId + "]";
  }
}
