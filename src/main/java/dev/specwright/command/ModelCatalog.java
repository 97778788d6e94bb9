package dev.specwright.command;

import dev.specwright.llm.ModelRef;
import java.util.List;

/**
 * Port: the models a comment may switch a run to — those configured and priced in the model
 * catalog. A comment can never move a run to a model outside this list.
 */
@FunctionalInterface
public interface ModelCatalog {

  List<ModelRef> allowedModels();
}
