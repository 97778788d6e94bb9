package dev.specwright.queue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether the webhook intake has a delivery on its way into the database: GitHub is waiting for
 * those, while processing's commits can wait. The inbox marks each store; the outcome writer waits
 * for a pause in them before each commit, for at most a cap, so that in a burst processing leaves
 * the cores and SQLite's one write lock to intake and catches up afterwards, yet never stops.
 */
final class IntakeActivity {

  private final Duration maxWait;
  private int inFlight; // guarded by this

  /**
   * @param maxWait the longest a commit of processing waits for intake to pause
   */
  IntakeActivity(Duration maxWait) {
    this.maxWait = maxWait;
  }

  /** Never waits. */
  static IntakeActivity none() {
    return new IntakeActivity(Duration.ZERO);
  }

  /** A delivery starts its way into the database. */
  synchronized void enter() {
    inFlight++;
  }

  /** That delivery is stored (or refused). */
  synchronized void exit() {
    if (--inFlight == 0) {
      notifyAll();
    }
  }

  /** Waits until no delivery is on its way in, or for the cap; returns at once when none is. */
  void awaitPause() throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    synchronized (this) {
      long left;
      while (inFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }
}
