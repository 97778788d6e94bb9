package dev.specwright.github;

import java.time.Duration;

/** Waits; a seam so that tests of backoff and pacing record the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  Sleeper REAL = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
