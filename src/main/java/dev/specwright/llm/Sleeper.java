package dev.specwright.llm;

import java.time.Duration;

/** Waits between retries; tests put in one that records the wait instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  /** Blocks for {@code duration}; an interrupt ends the wait with {@link InterruptedException}. */
  void sleep(Duration duration) throws InterruptedException;

  /** Real time: {@link Thread#sleep(Duration)}. */
  Sleeper SYSTEM = Thread::sleep;
}
