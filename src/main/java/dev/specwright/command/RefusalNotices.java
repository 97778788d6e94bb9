package dev.specwright.command;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Remembers whom Specwright has told "you may not command" on which issue, so that someone without
 * write access gets one short reply, not one per comment: repeating commands cannot make Specwright
 * spam a thread. Kept in memory (a restart or another replica may answer once more).
 */
final class RefusalNotices {

  private static final int MAX_ENTRIES = 4096;

  private final Duration quiet;
  private final InstantSource clock;
  private final Map<String, Instant> told =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  RefusalNotices(Duration quiet, InstantSource clock) {
    this.quiet = quiet;
    this.clock = clock;
  }

  /** True the first time per person and thread within the quiet period; records the notice. */
  synchronized boolean shouldTell(RepoRef repo, int number, String login) {
    String key = (repo.fullName() + "#" + number + " " + login).toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    Instant last = told.get(key);
    if (last != null && now.isBefore(last.plus(quiet))) {
      return false;
    }
    told.put(key, now);
    return true;
  }
}
