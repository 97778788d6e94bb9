package dev.specwright.run;

/**
 * The hidden markers that make every GitHub write findable again: a replayed step finds the
 * comment, review or sub-issue it made before and edits it instead of making another.
 */
final class Markers {

  private Markers() {}

  static String plan(long runId) {
    return "<!-- specwright:plan:" + runId + " -->";
  }

  static String status(long runId) {
    return "<!-- specwright:status:" + runId + " -->";
  }

  static String notice(long runId, String what) {
    return "<!-- specwright:notice:" + runId + ":" + what + " -->";
  }

  static String review(long runId, String key, int attempt) {
    return "<!-- specwright:review:" + runId + ":" + key + ":" + attempt + " -->";
  }

  /** The reply of one developer attempt in one review thread. */
  static String reply(long runId, String key, int attempt, long threadId) {
    return "<!-- specwright:reply:" + runId + ":" + key + ":" + attempt + ":" + threadId + " -->";
  }

  static String subIssue(long runId, String key) {
    return "<!-- specwright:sub-issue:" + runId + ":" + key + " -->";
  }
}
