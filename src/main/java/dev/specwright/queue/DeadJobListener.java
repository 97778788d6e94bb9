package dev.specwright.queue;

/**
 * Told when a job goes dead, after it is recorded; e.g. the delivery job marks its delivery failed.
 * Runs on the job's thread; an exception here is logged and does not undo the record.
 */
@FunctionalInterface
public interface DeadJobListener {
  void onDead(DeadJob job);
}
