package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1), 10);

  @ParameterizedTest(name = "after {0} failure(s) wait {1}s")
  @CsvSource({"1, 5", "2, 10", "3, 20", "4, 40", "5, 60", "6, 60", "60, 60", "2147483647, 60"})
  void doublesFromTheInitialDelayUpToTheCap(int failures, long seconds) {
    assertThat(policy.delayAfter(failures)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void isExhaustedExactlyAtMaxAttempts() {
    assertThat(policy.exhaustedAfter(9)).isFalse();
    assertThat(policy.exhaustedAfter(10)).isTrue();
    assertThat(new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1).exhaustedAfter(1))
        .isTrue();
  }

  @Test
  void rejectsPoliciesThatCannotWork() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), 3))
        .hasMessageContaining("initialDelay");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
        .hasMessageContaining("maxDelay");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
        .hasMessageContaining("maxAttempts");
  }
}
