package dev.specwright.github;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Spaces content-creating requests (POST, PATCH, PUT, DELETE) so that one installation stays under
 * GitHub's secondary limit of about 80 a minute; reads pass straight through. Each write reserves
 * the next free slot, so concurrent writers queue up in arrival order.
 */
public final class WritePacer implements Interceptor {

  /** 60 s / 80 = 750 ms; a little more keeps a margin. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(800);

  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration interval;
  private Instant nextSlot = Instant.MIN;

  public WritePacer(Clock clock, Sleeper sleeper, Duration interval) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.interval = interval;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (!chain.request().method().equals("GET") && !chain.request().method().equals("HEAD")) {
      Duration wait = reserve();
      if (!wait.isZero()) {
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while pacing a write");
        }
      }
    }
    return chain.proceed(chain.request());
  }

  /** Takes the next slot and returns how long to wait for it. */
  synchronized Duration reserve() {
    Instant now = clock.instant();
    Instant slot = nextSlot.isAfter(now) ? nextSlot : now;
    nextSlot = slot.plus(interval);
    return Duration.between(now, slot);
  }
}
