package dev.specwright.command;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Port: the record of what the command layer has done for each comment, so that a delivery replayed
 * after a crash does not act twice. Each step is keyed by its source (the comment or review it came
 * from, e.g. {@code issue-comment:123}) and its position in it: claimed before it acts, done after,
 * with the line its reply said. A replay skips the steps done (reusing their reply line) and runs
 * again a step claimed but never done — the run's operations are idempotent by their own stable
 * keys, so running such a step twice is safe where running a done one again (a second {@code
 * /retry}) would not be.
 */
public interface CommandLedger {

  /**
   * Claims a step. Empty when it is to be done now (claimed for the first time, or claimed before
   * and never done); else the outcome it was done with, and it must not run again.
   */
  Optional<String> claim(String source, int position);

  /** Records the claimed step as done with {@code outcome} (its line in the reply). */
  void done(String source, int position, String outcome);

  /** A ledger in this process's memory: for tests and tools that keep no database. */
  static CommandLedger inMemory() {
    ConcurrentHashMap<String, String> done = new ConcurrentHashMap<>();
    return new CommandLedger() {
      @Override
      public Optional<String> claim(String source, int position) {
        return Optional.ofNullable(done.get(source + "#" + position));
      }

      @Override
      public void done(String source, int position, String outcome) {
        done.put(source + "#" + position, outcome);
      }
    };
  }
}
