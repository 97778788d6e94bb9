package dev.specwright.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.queue.RetentionJob;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The command ledger pruned as its hourly retention job prunes it. */
class CommandExecutionsRetentionTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @TempDir Path temp;

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void entriesOlderThanThirtyDaysGoAndARedeliveryWithinThemIsStillRecognized(Dialect dialect)
      throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      AtomicReference<Instant> now = new AtomicReference<>();
      InstantSource clock = now::get;
      CommandExecutions ledger = new CommandExecutions(db.dataSource(), clock);

      now.set(NOW.minus(Duration.ofDays(31)));
      for (int i = 0; i < 1_200; i++) {
        ledger.claim("comment:old-" + i, 0);
        ledger.done("comment:old-" + i, 0, "acted");
      }
      ledger.claim("comment:abandoned", 0); // claimed, never done
      now.set(NOW.minus(Duration.ofDays(2)));
      ledger.claim("comment:recent", 0);
      ledger.done("comment:recent", 0, "acted");

      now.set(NOW);
      assertThat(
              RetentionJob.pruneAll(
                  "prune-command-ledger", Duration.ofDays(30), ledger::pruneBefore, clock))
          .isEqualTo(1_201);

      // A redelivery of the recent comment is still known as done; a pruned one would act again.
      assertThat(ledger.claim("comment:recent", 0)).contains("acted");
      assertThat(ledger.claim("comment:old-7", 0)).isEmpty();
    }
  }
}
