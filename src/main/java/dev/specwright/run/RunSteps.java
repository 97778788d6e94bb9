package dev.specwright.run;

import java.io.Serializable;

/**
 * The data of the run's durable jobs: plain records, serializable by any db-scheduler serializer.
 */
final class RunSteps {

  private RunSteps() {}

  /** A step of a whole run; {@code gen} separates re-plans and retries. */
  record RunStep(long runId, int gen) implements Serializable {
    String instance() {
      return "run-" + runId + "-g" + gen;
    }
  }

  /** A step of one subtask's attempt. */
  record TaskStep(long runId, String key, int attempt) implements Serializable {
    String instance() {
      return "run-" + runId + "-" + key + "-a" + attempt;
    }
  }
}
