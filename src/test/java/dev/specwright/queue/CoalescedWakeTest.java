package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Wake-ups of the queue's poller: at once after a quiet gap, folded together within one. */
class CoalescedWakeTest {

  @Test
  void aLoneRequestWakesAtOnce() {
    AtomicInteger wakes = new AtomicInteger();
    try (CoalescedWake wake = new CoalescedWake(wakes::incrementAndGet, Duration.ofSeconds(10))) {
      wake.request();
      assertThat(wakes).hasValue(1); // on the caller's thread, before request() returns
    }
  }

  @Test
  void requestsWithinTheGapAreFoldedIntoOneWakeAtItsEnd() {
    AtomicInteger wakes = new AtomicInteger();
    try (CoalescedWake wake = new CoalescedWake(wakes::incrementAndGet, Duration.ofMillis(300))) {
      wake.request();
      for (int i = 0; i < 50; i++) {
        wake.request();
      }
      assertThat(wakes).hasValue(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() == 2);
      // Nothing else was owed.
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> wakes.get() == 2);
    }
  }

  @Test
  void aRequestAfterCloseStillWakes() {
    AtomicInteger wakes = new AtomicInteger();
    CoalescedWake wake = new CoalescedWake(wakes::incrementAndGet, Duration.ofSeconds(10));
    wake.request();
    wake.close();
    wake.request(); // within the gap, but the timer is gone: wake now rather than never
    assertThat(wakes).hasValue(2);
  }
}
