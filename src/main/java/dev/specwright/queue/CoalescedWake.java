package dev.specwright.queue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a wake-up at most once per gap: a request after a quiet gap runs at once, requests within
 * the gap are folded into one run at its end. The inbox wakes the queue's poller this way, so that
 * under a stream of small commits one claim takes the jobs of several batches instead of each
 * commit paying for a claim of its own; a lone delivery still wakes the poller at once.
 */
final class CoalescedWake implements AutoCloseable {

  private final Runnable wake;
  private final long gapNanos;
  private final AtomicLong lastRun;
  private final AtomicBoolean deferred = new AtomicBoolean();
  private final ScheduledExecutorService timer;

  CoalescedWake(Runnable wake, Duration gap) {
    this.wake = wake;
    this.gapNanos = gap.toNanos();
    this.lastRun = new AtomicLong(System.nanoTime() - gapNanos);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("specwright-queue-wake").daemon().unstarted(r));
  }

  /** Asks for a wake-up: now, or at the end of the current gap. */
  void request() {
    long now = System.nanoTime();
    long last = lastRun.get();
    if (now - last >= gapNanos && lastRun.compareAndSet(last, now)) {
      wake.run();
      return;
    }
    if (deferred.compareAndSet(false, true)) {
      long delay = Math.max(0, lastRun.get() + gapNanos - now);
      try {
        var unused = timer.schedule(this::runDeferred, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        deferred.set(false);
        wake.run();
      }
    }
  }

  private void runDeferred() {
    deferred.set(false);
    lastRun.set(System.nanoTime());
    wake.run();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
