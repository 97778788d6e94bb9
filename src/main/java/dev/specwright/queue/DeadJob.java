package dev.specwright.queue;

import java.time.Instant;

/**
 * A job that used up its attempts, kept in {@code dead_jobs} with its data (as JSON) and the error
 * of its last attempt. {@link JobQueue#retryDead} puts it back in the queue.
 */
public record DeadJob(
    String taskName,
    String instanceId,
    String dataJson,
    int attempts,
    String lastError,
    Instant diedAt) {}
