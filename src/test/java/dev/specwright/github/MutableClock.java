package dev.specwright.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that tests set and advance; also a {@link Sleeper} whose sleeps advance it. */
public final class MutableClock extends Clock implements Sleeper {

  private volatile Instant now;
  private final java.util.List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public MutableClock(Instant start) {
    this.now = start;
  }

  public void advance(Duration d) {
    now = now.plus(d);
  }

  /** Records the wait and moves time on by it, as if the thread had slept. */
  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    advance(duration);
  }

  public java.util.List<Duration> sleeps() {
    return java.util.List.copyOf(sleeps);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
