package dev.specwright.github;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits out GitHub's rate limits and retries, as GitHub's documentation asks: on a 403 or 429,
 * honour {@code retry-after}; else, when {@code x-ratelimit-remaining} is 0, wait until {@code
 * x-ratelimit-reset}; else, for a 429 or a 403 that names a (secondary) rate limit, back off
 * exponentially up to a cap. A plain 403 (no permission) is returned at once. A wait longer than
 * {@code maxWait}, or more than {@code maxRetries} retries, gives the response back to the caller.
 */
public final class RateLimitRetry implements Interceptor {

  private static final Logger log = LoggerFactory.getLogger(RateLimitRetry.class);

  private final Clock clock;
  private final Sleeper sleeper;
  private final int maxRetries;
  private final Duration firstBackoff;
  private final Duration backoffCap;
  private final Duration maxWait;

  public RateLimitRetry(
      Clock clock,
      Sleeper sleeper,
      int maxRetries,
      Duration firstBackoff,
      Duration backoffCap,
      Duration maxWait) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxRetries = maxRetries;
    this.firstBackoff = firstBackoff;
    this.backoffCap = backoffCap;
    this.maxWait = maxWait;
  }

  /** GitHub's advice: a minute for secondary limits; at most 15 minutes for a primary reset. */
  public static RateLimitRetry standard(Clock clock, Sleeper sleeper) {
    return new RateLimitRetry(
        clock, sleeper, 4, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(15));
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    for (int retry = 0; ; retry++) {
      Response response = chain.proceed(chain.request());
      if (response.code() != 403 && response.code() != 429) {
        return response;
      }
      Optional<Duration> wait = waitFor(response, retry);
      if (wait.isEmpty() || retry >= maxRetries || wait.get().compareTo(maxWait) > 0) {
        return response;
      }
      log.warn(
          "GitHub answered {} to {} {}; retrying in {} s",
          response.code(),
          chain.request().method(),
          chain.request().url().encodedPath(),
          wait.get().toSeconds());
      response.close();
      try {
        sleeper.sleep(wait.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting out a rate limit");
      }
    }
  }

  Optional<Duration> waitFor(Response response, int retry) throws IOException {
    String retryAfter = response.header("retry-after");
    if (retryAfter != null) {
      Optional<Duration> d = parseRetryAfter(retryAfter.trim());
      if (d.isPresent()) {
        return d;
      }
    }
    String remaining = response.header("x-ratelimit-remaining");
    String reset = response.header("x-ratelimit-reset");
    if ("0".equals(remaining) && reset != null) {
      try {
        Instant at = Instant.ofEpochSecond(Long.parseLong(reset.trim()));
        Duration d = Duration.between(clock.instant(), at).plusSeconds(1);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (NumberFormatException e) {
        // fall through to backoff
      }
    }
    if (response.code() == 429 || mentionsRateLimit(response)) {
      long factor = 1L << Math.min(retry, 20);
      Duration d = firstBackoff.multipliedBy(factor);
      return Optional.of(d.compareTo(backoffCap) > 0 ? backoffCap : d);
    }
    return Optional.empty();
  }

  private Optional<Duration> parseRetryAfter(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  private static boolean mentionsRateLimit(Response response) throws IOException {
    String body = response.peekBody(4096).string().toLowerCase(Locale.ROOT);
    return body.contains("rate limit") || body.contains("abuse");
  }
}
