package dev.specwright.playbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays layers over the built-in defaults, later over earlier: sections merge field by field, a
 * value or a list replaces the one below, except {@code protected_paths}, which add up (a layer can
 * protect more, never less). Records which layer set each field.
 */
final class LayerMerge {

  private LayerMerge() {}

  static EffectivePlaybook merge(String name, String file, List<Layer> layers) {
    ObjectNode tree = PlaybookJson.MAPPER.valueToTree(BuiltInPlaybook.playbook());
    Map<String, EffectivePlaybook.Setting> overrides = new LinkedHashMap<>();
    for (Layer layer : layers) {
      overlay(tree, layer.tree(), "", layer, overrides);
    }
    try {
      Playbook playbook = PlaybookJson.MAPPER.treeToValue(tree, Playbook.class);
      return new EffectivePlaybook(name, file, playbook, new ArrayList<>(overrides.values()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // Every layer passed its schema and checks, so this is a bug in the schema or the records.
      throw new IllegalStateException("a validated playbook did not bind: " + e.getMessage(), e);
    }
  }

  private static void overlay(
      ObjectNode target,
      ObjectNode layer,
      String pointer,
      Layer source,
      Map<String, EffectivePlaybook.Setting> overrides) {
    for (Map.Entry<String, JsonNode> f : layer.properties()) {
      String child = pointer + "/" + LocatedYaml.escape(f.getKey());
      JsonNode value = f.getValue();
      JsonNode below = target.get(f.getKey());
      if (value.isObject() && below != null && below.isObject() && !isLeaf(f.getKey())) {
        overlay((ObjectNode) below, (ObjectNode) value, child, source, overrides);
        continue;
      }
      if (f.getKey().equals("protected_paths") && value.isArray() && below != null) {
        Set<String> union = new LinkedHashSet<>();
        below.forEach(v -> union.add(v.asText()));
        value.forEach(v -> union.add(v.asText()));
        ArrayNode merged = target.arrayNode();
        union.forEach(merged::add);
        value = merged;
      }
      target.set(f.getKey(), value);
      String field = LocatedYaml.field(child);
      overrides.remove(field); // the last layer's entry goes last
      overrides.put(
          field,
          new EffectivePlaybook.Setting(
              field, shown(value), source.source(), source.lines().getOrDefault(child, 0)));
    }
  }

  /** A prompt is one setting, although it is held as {file, text}. */
  private static boolean isLeaf(String field) {
    return field.equals("prompt");
  }

  private static String item(JsonNode i) {
    if (i.has("matches")) {
      return "/" + i.get("matches").asText() + "/ in " + i.path("in").asText("any_task");
    }
    return i.toString();
  }

  private static String shown(JsonNode v) {
    if (v.isObject() && v.has("file")) {
      return v.get("file").asText();
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(i -> items.add(i.isValueNode() ? i.asText() : item(i)));
      return items.isEmpty() ? "(none)" : String.join(", ", items);
    }
    if (v.isObject()) {
      return v.toString();
    }
    return v.asText();
  }
}
