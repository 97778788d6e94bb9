package dev.specwright.cli;

import dev.specwright.config.ConfigException;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.ModelRegistry;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.InvalidPlaybookException;
import dev.specwright.playbook.Playbook;
import dev.specwright.playbook.PlaybookLibrary;
import dev.specwright.playbook.RoleSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The start-up check of the models the playbooks name. {@code serve} does not refuse to start over
 * them: a server with one provider's key serves every playbook that uses only that provider, and a
 * key can be added with a restart while no run needs it. It logs, per playbook, each model that
 * cannot be called and the setting to fix, so the operator sees it at start rather than in a failed
 * run.
 */
final class PlaybookModels {

  private PlaybookModels() {}

  /** Each playbook's unusable models with the reason; playbooks that do not load are listed too. */
  static Map<String, List<String>> unusable(PlaybookLibrary library, ModelRegistry registry) {
    Set<String> names = new LinkedHashSet<>();
    names.add(PlaybookLibrary.DEFAULT);
    names.addAll(library.names());
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : names) {
      List<String> problems = new ArrayList<>();
      try {
        EffectivePlaybook e = library.resolve(name);
        for (ModelRef ref : models(e.playbook())) {
          try {
            registry.validate(List.of(ref));
          } catch (ConfigException ex) {
            problems.add(ref + ": " + ex.getMessage());
          }
        }
      } catch (InvalidPlaybookException ex) {
        problems.add("the playbook is invalid: " + ex.getMessage());
      }
      if (!problems.isEmpty()) {
        out.put(name, problems);
      }
    }
    return out;
  }

  static Set<ModelRef> models(Playbook p) {
    Set<ModelRef> refs = new LinkedHashSet<>();
    for (RoleSettings r : List.of(p.researcher(), p.planner(), p.developer(), p.reviewer())) {
      refs.addAll(r.modelChain());
    }
    return refs;
  }
}
