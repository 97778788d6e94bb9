package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.store.Delivery;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The in-memory hand-off from the inbox's writer to the processing step. */
class FreshDeliveriesTest {

  private final AtomicLong nanos = new AtomicLong();

  private static Delivery delivery(String id, int payloadChars) {
    return new Delivery(id, "issues", "x".repeat(payloadChars), Instant.EPOCH);
  }

  @Test
  void aDeliveryIsTakenOnceThenReadFromTheDatabase() {
    FreshDeliveries fresh = new FreshDeliveries(1_000, nanos::get);
    Delivery d = delivery("d-1", 100);
    fresh.offer(d);

    assertThat(fresh.take("d-1")).contains(d);
    assertThat(fresh.take("d-1")).isEmpty();
  }

  @Test
  void deliveriesBeyondTheBudgetAreNotHeld() {
    FreshDeliveries fresh = new FreshDeliveries(250, nanos::get);
    fresh.offer(delivery("a", 100));
    fresh.offer(delivery("b", 100));
    fresh.offer(delivery("c", 100)); // 300 > 250
    fresh.offer(delivery("huge", 1_000));

    assertThat(fresh.take("c")).isEmpty();
    assertThat(fresh.take("huge")).isEmpty();
    assertThat(fresh.take("a")).isPresent();
    fresh.offer(delivery("d", 100)); // room again once one is taken
    assertThat(fresh.take("d")).isPresent();
  }

  @Test
  void entriesWhoseJobRanOnAnotherNodeMakeRoomOnceStale() {
    FreshDeliveries fresh = new FreshDeliveries(200, nanos::get);
    fresh.offer(delivery("ran-elsewhere-1", 100));
    fresh.offer(delivery("ran-elsewhere-2", 100));
    fresh.offer(delivery("new", 100)); // full, and nothing is stale yet
    assertThat(fresh.take("new")).isEmpty();

    nanos.addAndGet(TimeUnit.SECONDS.toNanos(61));
    fresh.offer(delivery("newer", 100)); // full: drops the stale two, this one waits for the next
    fresh.offer(delivery("newest", 100));

    assertThat(fresh.size()).isEqualTo(1);
    assertThat(fresh.take("newest")).isPresent();
  }

  @Test
  void aFullBudgetLooksForStaleEntriesAtMostOnceASecond() {
    FreshDeliveries fresh = new FreshDeliveries(200, nanos::get);
    fresh.offer(delivery("ran-elsewhere-1", 100));
    fresh.offer(delivery("ran-elsewhere-2", 100));
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(59_800));
    fresh.offer(delivery("a", 100)); // full; a pass finds nothing stale yet

    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(700)); // both stale now, but 0.7 s since the pass
    fresh.offer(delivery("b", 100));
    assertThat(fresh.size()).isEqualTo(2);

    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(400)); // 1.1 s since the pass
    fresh.offer(delivery("c", 100)); // drops the stale two; this one waits for the next
    fresh.offer(delivery("d", 100));
    assertThat(fresh.size()).isEqualTo(1);
    assertThat(fresh.take("d")).isPresent();
  }

  @Test
  void theSameIdOfferedTwiceIsHeldOnceAndCountedOnce() {
    FreshDeliveries fresh = new FreshDeliveries(150, nanos::get);
    fresh.offer(delivery("same", 100));
    fresh.offer(delivery("same", 100));
    assertThat(fresh.take("same")).isPresent();
    fresh.offer(delivery("other", 100)); // would not fit if the repeat had been counted
    assertThat(fresh.take("other")).isPresent();
  }

  @Test
  void noneHoldsNothing() {
    FreshDeliveries fresh = FreshDeliveries.none();
    fresh.offer(delivery("d", 1));
    assertThat(fresh.take("d")).isEmpty();
  }
}
