package dev.specwright.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The random {@code state} values of registration flows under way. Each is issued when the user
 * leaves for GitHub and may be redeemed once, within an hour, when GitHub sends them back; this is
 * what stops a forged callback from installing someone else's app here.
 */
public final class PendingStates {

  static final Duration TTL = Duration.ofHours(1);
  static final int MAX_PENDING = 1000;

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Map<String, Instant> pending = new ConcurrentHashMap<>();

  public PendingStates(Clock clock) {
    this.clock = clock;
  }

  /** A fresh state (256 random bits, URL-safe). */
  public String issue() {
    Instant now = clock.instant();
    pending.values().removeIf(expiry -> expiry.isBefore(now));
    if (pending.size() >= MAX_PENDING) {
      throw new IllegalStateException("too many registrations under way; try again later");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    pending.put(state, now.plus(TTL));
    return state;
  }

  /** True once for a state issued here and not expired; false for anything else. */
  public boolean redeem(String state) {
    if (state == null) {
      return false;
    }
    Instant expiry = pending.remove(state);
    return expiry != null && !expiry.isBefore(clock.instant());
  }
}
