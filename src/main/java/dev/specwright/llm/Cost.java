package dev.specwright.llm;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money spent on model calls, in US dollars. A cost is <em>unknown</em> when any part of it came
 * from a model with no known price: unknown is never shown as zero, and stays unknown when added.
 */
public record Cost(BigDecimal usd, boolean known) {

  public static final Cost ZERO = new Cost(BigDecimal.ZERO, true);
  public static final Cost UNKNOWN = new Cost(BigDecimal.ZERO, false);

  public static Cost usd(BigDecimal amount) {
    return new Cost(amount, true);
  }

  public static Cost usd(String amount) {
    return usd(new BigDecimal(amount));
  }

  public Cost plus(Cost o) {
    return new Cost(usd.add(o.usd), known && o.known);
  }

  /** For display: {@code $0.0123}, or {@code unknown}. */
  @Override
  public String toString() {
    return known ? "$" + usd.setScale(4, RoundingMode.HALF_UP).toPlainString() : "unknown";
  }
}
