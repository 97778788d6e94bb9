package dev.specwright.llm;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A model's list prices in US dollars per million tokens, and the day they were taken from the
 * provider's price page (prices change; the date says how far to trust them).
 */
public record Prices(
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheWrite,
    BigDecimal cacheRead,
    LocalDate asOf,
    String source) {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  public Prices {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(cacheWrite, "cacheWrite");
    Objects.requireNonNull(cacheRead, "cacheRead");
    Objects.requireNonNull(asOf, "asOf");
    source = source == null ? "" : source;
  }

  /** What {@code usage} costs at these prices. */
  public Cost cost(Usage usage) {
    BigDecimal micro =
        input
            .multiply(BigDecimal.valueOf(usage.input()))
            .add(output.multiply(BigDecimal.valueOf(usage.output())))
            .add(cacheWrite.multiply(BigDecimal.valueOf(usage.cacheWrite())))
            .add(cacheRead.multiply(BigDecimal.valueOf(usage.cacheRead())));
    return Cost.usd(micro.divide(MILLION, MathContext.DECIMAL64).stripTrailingZeros());
  }
}
