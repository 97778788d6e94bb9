package dev.specwright.playbook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One validated source of settings, as a partial playbook tree: a playbook file or the repository
 * file. Prompt fields already hold the loaded template ({@code {file, text}}), so that a layer is
 * self-contained once read.
 *
 * @param source how provenance names it ({@code playbooks/bugfix.yml})
 * @param tree the fields it sets, in playbook shape
 * @param lines the 1-based line of each field's JSON pointer in the file, where known
 */
record Layer(String source, ObjectNode tree, Map<String, Integer> lines) {

  Layer {
    lines = lines == null ? Map.of() : Map.copyOf(lines);
  }

  Layer(String source, ObjectNode tree) {
    this(source, tree, Map.of());
  }
}
