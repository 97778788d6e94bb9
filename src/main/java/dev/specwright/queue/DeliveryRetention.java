package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.specwright.store.Deliveries;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the deliveries table from growing for ever: every hour, a recurring job deletes processed
 * deliveries (and their 14 KB payloads) received more than {@link #KEEP} ago, a thousand per
 * transaction so that the inbox's writer never waits long behind it. Pending deliveries are never
 * deleted. GitHub offers a delivery for redelivery for a few days; thirty days is well beyond, so a
 * redelivered id is still recognized as a duplicate.
 */
final class DeliveryRetention {

  /** How long a processed delivery is kept. */
  static final Duration KEEP = Duration.ofDays(30);

  static final String TASK_NAME = "prune-deliveries";

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryRetention.class);
  private static final int CHUNK = 1000;

  private final Deliveries deliveries;
  private final Clock clock;

  DeliveryRetention(Deliveries deliveries, Clock clock) {
    this.deliveries = deliveries;
    this.clock = clock;
  }

  /** Deletes what is older than {@link #KEEP}; returns how many deliveries it deleted. */
  int prune() {
    Instant cutoff = clock.now().minus(KEEP);
    int total = 0;
    int deleted;
    do {
      deleted = deliveries.pruneProcessedBefore(cutoff, CHUNK);
      total += deleted;
    } while (deleted == CHUNK);
    if (total > 0) {
      LOG.info("deleted {} deliveries processed before {}", total, cutoff);
    }
    return total;
  }

  /** The hourly db-scheduler task (one node runs each occurrence). */
  RecurringTask<Void> task() {
    return Tasks.recurring(TASK_NAME, FixedDelay.of(Duration.ofHours(1)))
        .execute((instance, context) -> prune());
  }
}
