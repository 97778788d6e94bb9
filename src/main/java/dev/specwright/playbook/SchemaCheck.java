package dev.specwright.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a {@link LocatedYaml} against one of the JSON Schemas in {@code schema/} and says what is
 * wrong in plain words, with the line: each schema node carries a {@code description} that says
 * what the value must be, and that is what the user reads, not the validator's own wording.
 */
final class SchemaCheck {

  /** The two kinds of file, each with its schema. */
  enum Kind {
    PLAYBOOK("playbook.schema.json"),
    REPOSITORY_FILE("repository-file.schema.json");

    final String schemaFile;

    Kind(String schemaFile) {
      this.schemaFile = schemaFile;
    }
  }

  private static final String BASE = "https://specwright.dev/schema/";
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          b -> b.schemaMappers(m -> m.mapPrefix(BASE, "classpath:schema/")));
  private static final Map<Kind, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
  private static final Map<String, JsonNode> RAW = new ConcurrentHashMap<>();

  private SchemaCheck() {}

  /** Every problem, one per field, in line order. */
  static List<PlaybookProblem> problems(LocatedYaml doc, Kind kind) {
    JsonSchema schema =
        SCHEMAS.computeIfAbsent(
            kind, k -> FACTORY.getSchema(SchemaLocation.of(BASE + k.schemaFile)));
    Set<ValidationMessage> messages = schema.validate(doc.root());
    List<PlaybookProblem> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ValidationMessage m : messages) {
      String at = pointer(m.getInstanceLocation());
      PlaybookProblem p = describe(doc, kind, m, at);
      if (seen.add(p.field() + "\u0000" + p.line())) {
        out.add(p);
      }
    }
    out.sort(Comparator.comparingInt(PlaybookProblem::line).thenComparing(PlaybookProblem::field));
    return out;
  }

  private static PlaybookProblem describe(
      LocatedYaml doc, Kind kind, ValidationMessage m, String at) {
    String type = m.getType();
    if ("additionalProperties".equals(type) || "unevaluatedProperties".equals(type)) {
      String name = m.getProperty();
      String child = at + "/" + LocatedYaml.escape(name);
      List<String> known = knownFields(kind, at);
      if (kind == Kind.REPOSITORY_FILE && schemaAt(Kind.PLAYBOOK, child) != null) {
        return new PlaybookProblem(
            doc.file(),
            doc.lineOf(child),
            LocatedYaml.field(child),
            "only a playbook can set this, not the repository file; pick a playbook that does"
                + " with playbook: or a spec:<name> label");
      }
      String hint = closest(name, known);
      return new PlaybookProblem(
          doc.file(),
          doc.lineOf(child),
          LocatedYaml.field(child),
          "unknown field"
              + (hint == null ? "" : " (did you mean " + hint + "?)")
              + (known.isEmpty() ? "" : "; known fields here: " + String.join(", ", known)));
    }
    if ("required".equals(type)) {
      String child = at + "/" + LocatedYaml.escape(m.getProperty());
      return new PlaybookProblem(
          doc.file(), doc.lineOf(at), LocatedYaml.field(child), "is required but missing");
    }
    JsonNode schemaNode = schemaAt(kind, at);
    String expected =
        schemaNode != null && schemaNode.hasNonNull("description")
            ? schemaNode.get("description").asText()
            : "valid here (" + m.getMessage() + ")";
    return new PlaybookProblem(
        doc.file(),
        doc.lineOf(at),
        at.isEmpty() ? "(the whole file)" : LocatedYaml.field(at),
        "must be " + expected + ", got " + shown(doc.root().at(at)));
  }

  /** A value as the user wrote it, short: {@code "ten"}, {@code -3}, {@code a list}. */
  static String shown(JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return "nothing";
    }
    if (v.isTextual()) {
      String t = v.asText();
      return "\"" + (t.length() > 60 ? t.substring(0, 57) + "..." : t) + "\"";
    }
    if (v.isNumber() || v.isBoolean()) {
      return v.asText();
    }
    return v.isArray() ? "a list" : "a section";
  }

  private static String pointer(JsonNodePath path) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object e = path.getElement(i);
      b.append('/').append(e instanceof Integer ? e.toString() : LocatedYaml.escape(e.toString()));
    }
    return b.toString();
  }

  /** The schema that governs the value at a pointer, following properties, items and $ref. */
  static JsonNode schemaAt(Kind kind, String pointer) {
    String[] file = {kind.schemaFile};
    JsonNode node = resolve(raw(kind.schemaFile), file);
    if (pointer.isEmpty()) {
      return node;
    }
    for (String part : pointer.substring(1).split("/", -1)) {
      String name = part.replace("~1", "/").replace("~0", "~");
      JsonNode next = null;
      if (node.has("properties") && node.get("properties").has(name)) {
        next = node.get("properties").get(name);
      } else if (node.has("items") && name.matches("\\d+")) {
        next = node.get("items");
      }
      if (next == null) {
        return null;
      }
      if (next.has("description") && !next.has("$ref")) {
        node = next;
      } else {
        JsonNode target = resolve(next, file);
        node = next.has("description") ? merged(target, next.get("description")) : target;
      }
    }
    return node;
  }

  private static JsonNode merged(JsonNode target, JsonNode description) {
    var copy = target.deepCopy();
    ((ObjectNode) copy).set("description", description);
    return copy;
  }

  private static JsonNode resolve(JsonNode node, String[] file) {
    while (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      int hash = ref.indexOf('#');
      String target = hash <= 0 ? file[0] : ref.substring(0, hash);
      file[0] = target;
      node = raw(target).at(hash < 0 ? "" : ref.substring(hash + 1));
    }
    return node;
  }

  private static List<String> knownFields(Kind kind, String pointer) {
    JsonNode s = schemaAt(kind, pointer);
    List<String> out = new ArrayList<>();
    if (s != null && s.has("properties")) {
      Iterator<String> names = s.get("properties").fieldNames();
      names.forEachRemaining(out::add);
    }
    return out;
  }

  /** The known name a typo most likely meant, or null when none is close. */
  static String closest(String name, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name.toLowerCase(Locale.ROOT), k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static JsonNode raw(String schemaFile) {
    return RAW.computeIfAbsent(
        schemaFile,
        f -> {
          try (InputStream in = SchemaCheck.class.getResourceAsStream("/schema/" + f)) {
            if (in == null) {
              throw new IllegalStateException("schema/" + f + " is missing from the classpath");
            }
            return JsonMapper.builder().build().readTree(in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
