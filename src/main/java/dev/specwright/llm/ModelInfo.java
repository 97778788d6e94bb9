package dev.specwright.llm;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the catalog knows of one model: its context window, its longest answer, and its prices. Each
 * may be unknown; a model with no {@code prices} costs {@link Cost#UNKNOWN}, never zero.
 *
 * @param name the catalog key, {@code provider:model}, or {@code provider:*} for a whole provider
 * @param aliases other model names the provider answers to (dated snapshots, say)
 */
public record ModelInfo(
    String name,
    List<String> aliases,
    OptionalInt contextWindow,
    OptionalInt maxOutputTokens,
    Optional<Prices> prices) {

  public ModelInfo {
    aliases = List.copyOf(aliases);
  }

  /** What {@code usage} costs on this model, or {@link Cost#UNKNOWN} without a price. */
  public Cost cost(Usage usage) {
    return prices.map(p -> p.cost(usage)).orElse(Cost.UNKNOWN);
  }
}
