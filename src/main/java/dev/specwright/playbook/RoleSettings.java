package dev.specwright.playbook;

import dev.specwright.llm.ModelRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one role's agent works.
 *
 * @param model the model every attempt starts on
 * @param fallbacks the models to move to, in order, when the strategy says so
 * @param prompt the system prompt template
 * @param tools the tools the agent gets ({@code finish} always included)
 * @param budgets the limits of one attempt
 */
public record RoleSettings(
    ModelRef model,
    List<ModelRef> fallbacks,
    PromptTemplate prompt,
    Set<AgentTool> tools,
    Budgets budgets) {

  public RoleSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(budgets, "budgets");
    fallbacks = List.copyOf(fallbacks);
    tools =
        tools.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(Objects.requireNonNull(tools)));
  }

  /** The model and then its fallbacks, without repeats: the order attempts move along. */
  public List<ModelRef> modelChain() {
    List<ModelRef> chain = new ArrayList<>();
    chain.add(model);
    for (ModelRef m : fallbacks) {
      if (!chain.contains(m)) {
        chain.add(m);
      }
    }
    return List.copyOf(chain);
  }
}
