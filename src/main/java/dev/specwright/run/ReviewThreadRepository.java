package dev.specwright.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The threads of a person's changes-requested review, per subtask, from the review to the replies.
 * A thread is open until a developer attempt finishes with it; that attempt answers it with a reply
 * (posted in the thread after the push) or with none (it did not address the thread, and nothing is
 * posted). A new review reopens the threads it comments in and drops the open threads of older
 * reviews, as its notes replace theirs.
 */
final class ReviewThreadRepository {

  /** A stored thread, with the attempt that answered it and the reply posted, if any. */
  record Row(ReviewThread thread, Integer answeredAttempt, String reply, Long replyId) {}

  private final Jdbc jdbc;

  ReviewThreadRepository(DataSource ds) {
    this.jdbc = new Jdbc(ds);
  }

  /**
   * Makes {@code threads} the subtask's open threads. The same review delivered again changes
   * nothing, so threads it already answered stay answered.
   */
  void open(long runId, String key, long reviewId, List<ReviewThread> threads) {
    jdbc.tx(
        c -> {
          Jdbc.update(
              c,
              "DELETE FROM review_threads WHERE run_id = ? AND task_key = ?"
                  + " AND answered_attempt IS NULL AND review_id <> ?",
              runId,
              key,
              reviewId);
          for (ReviewThread t : threads) {
            Jdbc.update(
                c,
                "INSERT INTO review_threads (run_id, task_key, thread_id, review_id, path, line,"
                    + " body) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (run_id, task_key, thread_id) DO UPDATE SET"
                    + " review_id = excluded.review_id, path = excluded.path,"
                    + " line = excluded.line, body = excluded.body, answered_attempt = NULL,"
                    + " reply = NULL, reply_id = NULL"
                    + " WHERE review_threads.review_id <> excluded.review_id",
                runId,
                key,
                t.threadId(),
                reviewId,
                t.path(),
                t.line(),
                t.body());
          }
          return null;
        });
  }

  /** The threads the subtask's next attempt is to address, in the order GitHub listed them. */
  List<ReviewThread> openThreads(long runId, String key) {
    return jdbc
        .query(
            "SELECT * FROM review_threads WHERE run_id = ? AND task_key = ?"
                + " AND answered_attempt IS NULL ORDER BY thread_id",
            ReviewThreadRepository::map,
            runId,
            key)
        .stream()
        .map(Row::thread)
        .toList();
  }

  /**
   * The finished {@code attempt} answers the open threads it was given: each with its reply from
   * {@code replies}, or with none when the agent did not say it addressed the thread. Threads
   * opened while it ran (it never saw them) stay open.
   */
  void answer(long runId, String key, int attempt, Set<Long> given, Map<Long, String> replies) {
    jdbc.tx(
        c -> {
          for (Row r :
              Jdbc.query(
                  c,
                  "SELECT * FROM review_threads WHERE run_id = ? AND task_key = ?"
                      + " AND answered_attempt IS NULL",
                  ReviewThreadRepository::map,
                  runId,
                  key)) {
            if (!given.contains(r.thread().threadId())) {
              continue;
            }
            Jdbc.update(
                c,
                "UPDATE review_threads SET answered_attempt = ?, reply = ?"
                    + " WHERE run_id = ? AND task_key = ? AND thread_id = ?",
                attempt,
                replies.get(r.thread().threadId()),
                runId,
                key,
                r.thread().threadId());
          }
          return null;
        });
  }

  /** The threads {@code attempt} addressed whose reply is not posted yet. */
  List<Row> unposted(long runId, String key, int attempt) {
    return jdbc.query(
        "SELECT * FROM review_threads WHERE run_id = ? AND task_key = ? AND answered_attempt = ?"
            + " AND reply IS NOT NULL AND reply_id IS NULL ORDER BY thread_id",
        ReviewThreadRepository::map,
        runId,
        key,
        attempt);
  }

  /** Every thread of the subtask, for tests and reports. */
  List<Row> all(long runId, String key) {
    return jdbc.query(
        "SELECT * FROM review_threads WHERE run_id = ? AND task_key = ? ORDER BY thread_id",
        ReviewThreadRepository::map,
        runId,
        key);
  }

  void posted(long runId, String key, long threadId, long replyId) {
    jdbc.update(
        "UPDATE review_threads SET reply_id = ? WHERE run_id = ? AND task_key = ? AND thread_id = ?",
        replyId,
        runId,
        key,
        threadId);
  }

  private static Row map(ResultSet rs) throws SQLException {
    long replyId = rs.getLong("reply_id");
    Long reply = rs.wasNull() ? null : replyId;
    return new Row(
        new ReviewThread(
            rs.getLong("thread_id"), rs.getString("path"), rs.getInt("line"), rs.getString("body")),
        Jdbc.intOrNull(rs, "answered_attempt"),
        rs.getString("reply"),
        reply);
  }
}
