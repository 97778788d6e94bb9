package dev.specwright.command;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the command ledger from growing for ever: an hourly queue job deletes entries claimed more
 * than {@link #KEEP} ago, a thousand per statement. Thirty days is well beyond the few days GitHub
 * offers a delivery for redelivery, the only replay an entry guards against.
 */
public final class LedgerRetention {

  /** How long a ledger entry is kept. */
  public static final Duration KEEP = Duration.ofDays(30);

  public static final String TASK_NAME = "prune-command-ledger";

  private static final Logger LOG = LoggerFactory.getLogger(LedgerRetention.class);
  private static final int CHUNK = 1000;

  private final CommandExecutions ledger;
  private final InstantSource clock;

  public LedgerRetention(CommandExecutions ledger, InstantSource clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  /** Deletes what is older than {@link #KEEP}; returns how many entries it deleted. */
  public int prune() {
    Instant cutoff = clock.instant().minus(KEEP);
    int total = 0;
    int deleted;
    do {
      deleted = ledger.pruneBefore(cutoff, CHUNK);
      total += deleted;
    } while (deleted == CHUNK);
    if (total > 0) {
      LOG.info("deleted {} command ledger entries claimed before {}", total, cutoff);
    }
    return total;
  }

  /** The hourly db-scheduler task (one node runs each occurrence). */
  public RecurringTask<Void> task() {
    return Tasks.recurring(TASK_NAME, FixedDelay.of(Duration.ofHours(1)))
        .execute((instance, context) -> prune());
  }
}
