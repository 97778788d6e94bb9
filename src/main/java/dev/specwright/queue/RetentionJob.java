package dev.specwright.queue;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An hourly queue job that keeps a table from growing for ever: it deletes what is older than
 * {@code keep}, a thousand rows per call, so that writers never wait long behind it. One node runs
 * each occurrence. Used for processed deliveries ({@code prune-deliveries}) and the command ledger
 * ({@code prune-command-ledger}).
 */
public final class RetentionJob {

  /** Deletes up to {@code limit} rows older than {@code cutoff}, oldest first; returns how many. */
  @FunctionalInterface
  public interface Prune {
    int deleteBefore(Instant cutoff, int limit);
  }

  static final int CHUNK = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  private RetentionJob() {}

  /** The recurring task; give it to {@link JobQueue.Builder#task}. */
  public static RecurringTask<Void> hourly(
      String taskName, Duration keep, Prune prune, InstantSource clock) {
    return Tasks.recurring(taskName, FixedDelay.of(Duration.ofHours(1)))
        .execute((instance, context) -> pruneAll(taskName, keep, prune, clock));
  }

  /** Deletes everything older than {@code keep}, chunk by chunk; returns how many rows. */
  public static int pruneAll(String taskName, Duration keep, Prune prune, InstantSource clock) {
    Instant cutoff = clock.instant().minus(keep);
    int total = 0;
    int deleted;
    do {
      deleted = prune.deleteBefore(cutoff, CHUNK);
      total += deleted;
    } while (deleted == CHUNK);
    if (total > 0) {
      LOG.info("{}: deleted {} rows older than {}", taskName, total, cutoff);
    }
    return total;
  }
}
