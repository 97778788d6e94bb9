package dev.specwright.run;

import dev.specwright.llm.ModelRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Models chosen by {@code /switch-model} for this run: per role (placed before the policy's chain)
 * and per subtask (stored on the subtask).
 */
public record ModelOverrides(Map<Role, ModelRef> roles) {

  public static final ModelOverrides NONE = new ModelOverrides(Map.of());

  public ModelOverrides {
    roles = roles == null ? Map.of() : Map.copyOf(roles);
  }

  public ModelOverrides with(Role role, ModelRef model) {
    Map<Role, ModelRef> m = new HashMap<>(roles);
    m.put(role, model);
    return new ModelOverrides(m);
  }

  /** The role's chain with any override first. */
  public List<ModelRef> chain(RunPolicy policy, Role role) {
    List<ModelRef> base = policy.models().get(role);
    ModelRef o = roles.get(role);
    if (o == null) {
      return base;
    }
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(o), base.stream().filter(m -> !m.equals(o)))
        .toList();
  }
}
