package dev.specwright.command.github;

import dev.specwright.command.ModelCatalog;
import dev.specwright.llm.ModelRef;
import java.util.List;

/**
 * The models {@code /switch-model} may choose: the model catalog's entries that have prices (a
 * whole-provider {@code provider:*} entry is no model and is left out), so a comment can never move
 * a run to an unpriced model whose spend the cost caps could not count.
 */
public final class PricedModels implements ModelCatalog {

  private final List<ModelRef> allowed;

  public PricedModels(dev.specwright.llm.ModelCatalog catalog) {
    this.allowed =
        catalog.entries().values().stream()
            .filter(i -> i.prices().isPresent() && !i.name().endsWith(":*"))
            .map(i -> ModelRef.parse(i.name()))
            .toList();
  }

  @Override
  public List<ModelRef> allowedModels() {
    return allowed;
  }
}
