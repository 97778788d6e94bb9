package dev.specwright.queue;

import dev.specwright.store.Delivery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Deliveries this node has just committed and not yet processed, held in memory up to a budget of
 * payload characters, so that the {@code process-delivery} step does not read back (and on
 * PostgreSQL decompress) the payload it was handed a millisecond before. Each entry is taken once.
 *
 * <p>The database stays the truth. A miss (budget full, a job another node stored, a retry, a
 * restart) reads the row as before. Taking an entry is safe without reading the row's status
 * because an entry is added only with a new job, a job's outcome and its removal commit together,
 * and the first attempt takes the entry: whoever runs the job while it exists runs it before any
 * outcome. Entries whose job ran elsewhere are dropped after {@code maxAge}.
 */
final class FreshDeliveries {

  /**
   * A thirty-second of the heap's limit, at most 32 M characters (a payload's JSON is ASCII, one
   * byte a character in a compact string): about 2,300 typical 14 KB deliveries. Held payloads that
   * outlive a young collection are copied and marked by the collector; with a sixteenth of a 6 GB
   * heap (400 MB) held through a backlog, the webhook benchmark lost half its throughput to the
   * collector. A backlog beyond the budget is read back from the database.
   */
  static long defaultMaxChars() {
    return Math.min(Runtime.getRuntime().maxMemory() / 32, 32L * 1024 * 1024);
  }

  private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * A full budget looks for stale entries at most this often: a pass copies every held entry, and
   * while a backlog keeps the budget full every offer would otherwise pay for one (a tenth of the
   * inbox writer's time in the webhook benchmark).
   */
  private static final long SWEEP_GAP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private record Entry(Delivery delivery, long addedAt) {}

  private final Map<String, Entry> byId = new ConcurrentHashMap<>();
  private final AtomicLong chars = new AtomicLong();
  private final long maxChars;
  private final LongSupplier nanoTime;
  private final AtomicLong lastSweep;

  FreshDeliveries(long maxChars) {
    this(maxChars, System::nanoTime);
  }

  FreshDeliveries(long maxChars, LongSupplier nanoTime) {
    this.maxChars = maxChars;
    this.nanoTime = nanoTime;
    this.lastSweep = new AtomicLong(nanoTime.getAsLong() - SWEEP_GAP_NANOS);
  }

  /** Holds none: every delivery is read from the database. */
  static FreshDeliveries none() {
    return new FreshDeliveries(0);
  }

  /** Holds {@code delivery} if the budget allows; a delivery that does not fit is not held. */
  void offer(Delivery delivery) {
    long size = delivery.payload().length();
    if (size > maxChars) {
      return;
    }
    if (chars.addAndGet(size) > maxChars) {
      chars.addAndGet(-size);
      dropStale();
      return;
    }
    if (byId.putIfAbsent(delivery.id(), new Entry(delivery, nanoTime.getAsLong())) != null) {
      chars.addAndGet(-size);
    }
  }

  /** Takes the delivery out if it is held. */
  Optional<Delivery> take(String id) {
    Entry e = byId.remove(id);
    if (e == null) {
      return Optional.empty();
    }
    chars.addAndGet(-e.delivery().payload().length());
    return Optional.of(e.delivery());
  }

  /** How many deliveries are held. */
  int size() {
    return byId.size();
  }

  private void dropStale() {
    long now = nanoTime.getAsLong();
    long last = lastSweep.get();
    if (now - last < SWEEP_GAP_NANOS || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    for (Entry e : List.copyOf(byId.values())) {
      if (now - e.addedAt() > MAX_AGE_NANOS && byId.remove(e.delivery().id(), e)) {
        chars.addAndGet(-e.delivery().payload().length());
      }
    }
  }
}
