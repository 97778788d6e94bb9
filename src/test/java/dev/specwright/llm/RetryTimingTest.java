package dev.specwright.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How long a retry waits: exponential backoff with jitter, or what the provider asked for. */
class RetryTimingTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(6, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(2));

  @ParameterizedTest(name = "after attempt {0}, jitter {1} → {2} ms")
  @CsvSource({
    "1, 0.0, 1000",
    "1, 0.999999, 1999",
    "2, 0.0, 2000",
    "3, 0.5, 6000",
    "4, 0.0, 8000",
    // capped at maxDelay 30 s from the fifth step on, still jittered
    "5, 0.0, 15000",
    "9, 0.999999, 29999",
    "60, 0.0, 15000",
  })
  void backoffDoublesWithJitterInTheUpperHalfAndIsCapped(int attempt, double random, long ms) {
    assertThat(POLICY.backoff(attempt, random)).isEqualTo(Duration.ofMillis(ms));
  }

  @ParameterizedTest(name = "{0}: {1} → {2} ms")
  @CsvSource(
      delimiter = '|',
      value = {
        "retry-after | 7 | 7000",
        "retry-after | 1.5 | 1500",
        "retry-after | Sun, 29 Nov 2026 04:00:30 GMT | 30000",
        "retry-after | Sun, 29 Nov 2026 03:59:00 GMT | 0",
        "retry-after-ms | 250 | 250",
        "retry-after | -3 | 0",
      })
  void retryAfterIsReadAsSecondsMillisecondsOrAnHttpDate(String header, String value, long ms) {
    Clock now = Clock.fixed(Instant.parse("2026-11-29T04:00:00Z"), ZoneOffset.UTC);
    var failures = new ProviderFailures(now);
    var response = new ProviderHttpException(429, Map.of(header, List.of(value)), "{}");

    assertThat(failures.retryAfter(response)).contains(Duration.ofMillis(ms));
  }

  @ParameterizedTest(name = "garbage retry-after {0} is ignored")
  @CsvSource({"soon", "'Tomorrow, maybe'", "''"})
  void unreadableRetryAfterFallsBackToBackoff(String value) {
    var failures = new ProviderFailures(Clock.systemUTC());
    var response = new ProviderHttpException(429, Map.of("Retry-After", List.of(value)), "{}");

    assertThat(failures.retryAfter(response)).isEmpty();
  }
}
