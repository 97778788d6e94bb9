package dev.specwright.run;

import dev.specwright.llm.Cost;
import dev.specwright.llm.Usage;
import java.time.Duration;

/** What work cost: iterations, tokens, money (possibly unknown) and wall time. */
public record Figures(int iterations, Usage usage, Cost cost, Duration wall) {

  public static final Figures ZERO = new Figures(0, Usage.ZERO, Cost.ZERO, Duration.ZERO);

  public Figures plus(Figures o) {
    return new Figures(
        iterations + o.iterations, usage.plus(o.usage), cost.plus(o.cost), wall.plus(o.wall));
  }

  static Figures of(Agents.AgentResult r) {
    return new Figures(r.iterations(), r.usage(), r.cost(), r.wall());
  }
}
