package dev.specwright.agent;

import dev.specwright.llm.Cost;
import dev.specwright.llm.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a task under an {@link AttemptStrategy}: attempt after attempt, each with a fresh context,
 * until one ends in a way the strategy does not retry. A later attempt is told, in its task, how
 * the one before ended; the workspace keeps whatever the earlier attempt changed.
 */
public final class Attempts {

  private final AgentLoop loop;

  public Attempts(AgentLoop loop) {
    this.loop = loop;
  }

  /** All attempts of one task, in order; the last one is the outcome. */
  public record Outcome(List<AttemptResult> attempts) {
    public Outcome {
      attempts = List.copyOf(attempts);
    }

    public AttemptResult last() {
      return attempts.get(attempts.size() - 1);
    }

    public boolean finished() {
      return last().finished();
    }

    public Usage usage() {
      return attempts.stream().map(AttemptResult::usage).reduce(Usage.ZERO, Usage::plus);
    }

    public Cost cost() {
      return attempts.stream().map(AttemptResult::cost).reduce(Cost.ZERO, Cost::plus);
    }

    public int iterations() {
      return attempts.stream().mapToInt(AttemptResult::iterations).sum();
    }

    public Duration wallTime() {
      return attempts.stream().map(AttemptResult::wallTime).reduce(Duration.ZERO, Duration::plus);
    }
  }

  public Outcome run(
      AttemptSpec spec,
      AttemptStrategy strategy,
      AgentListener listener,
      Cancellation cancellation) {
    List<AttemptResult> results = new ArrayList<>();
    String task = spec.task();
    for (int n = 1; n <= strategy.maxAttempts(); n++) {
      AttemptSpec attempt = spec.withAttempt(n).withTask(task);
      AttemptResult r = loop.run(attempt, strategy.modelFor(n), listener, cancellation);
      results.add(r);
      if (!strategy.retryOn().contains(r.endReason()) || cancellation.isCancelled()) {
        break;
      }
      task =
          spec.task()
              + "\n\nNote: a previous attempt at this task ended as "
              + r.endReason().wireName()
              + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")")
              + " after "
              + r.iterations()
              + " turns. Any files it changed are still changed. Take a different approach.";
    }
    return new Outcome(results);
  }
}
