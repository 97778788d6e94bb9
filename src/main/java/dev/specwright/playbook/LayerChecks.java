package dev.specwright.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specwright.llm.ModelRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The checks a schema cannot make, on a tree that passed its schema: model names parse, wall times
 * are above zero, patterns compile, prompt templates exist and use only placeholders their role
 * gets, and the chain of steps makes sense.
 */
final class LayerChecks {

  /** Loads a prompt template named in a playbook, or says in plain words why it cannot. */
  interface Templates {
    /** The template, or a problem message (without file and line) in {@code error}. */
    Loaded load(String name);

    record Loaded(Optional<PromptTemplate> template, String error) {}
  }

  private LayerChecks() {}

  static List<PlaybookProblem> check(LocatedYaml doc, Templates templates) {
    List<PlaybookProblem> out = new ArrayList<>();
    JsonNode root = doc.root();
    for (Role role : Role.values()) {
      JsonNode r = root.path(role.key());
      String at = "/" + role.key();
      models(doc, r, at, out);
      JsonNode wall = r.path("budgets").path("wall_time");
      if (wall.isTextual()) {
        wallTime(doc, wall.asText(), at + "/budgets/wall_time", out);
      }
      JsonNode prompt = r.path("prompt");
      if (prompt.isTextual() && templates != null) {
        prompt(doc, role, prompt.asText(), at + "/prompt", templates, out);
      }
    }
    JsonNode paths = root.path("protected_paths");
    for (int i = 0; i < paths.size(); i++) {
      if (paths.get(i).isTextual()) {
        String at = "/protected_paths/" + i;
        ProtectedPaths.problem(paths.get(i).asText())
            .ifPresent(why -> out.add(problem(doc, at, why)));
      }
    }
    JsonNode rules = root.path("plan_rules").path("required_criteria");
    for (int i = 0; i < rules.size(); i++) {
      JsonNode matches = rules.get(i).path("matches");
      if (matches.isTextual()) {
        try {
          Pattern.compile(matches.asText());
        } catch (PatternSyntaxException e) {
          out.add(
              problem(
                  doc,
                  "/plan_rules/required_criteria/" + i + "/matches",
                  "must be a regular expression, got \""
                      + matches.asText()
                      + "\" ("
                      + e.getDescription()
                      + ")"));
        }
      }
    }
    steps(doc, out);
    return out;
  }

  private static void models(LocatedYaml doc, JsonNode role, String at, List<PlaybookProblem> out) {
    List<String> pointers = new ArrayList<>();
    if (role.path("model").isTextual()) {
      pointers.add(at + "/model");
    }
    for (int i = 0; i < role.path("fallbacks").size(); i++) {
      pointers.add(at + "/fallbacks/" + i);
    }
    for (String p : pointers) {
      JsonNode v = doc.root().at(p);
      if (!v.isTextual()) {
        continue;
      }
      try {
        ModelRef.parse(v.asText());
      } catch (IllegalArgumentException e) {
        out.add(problem(doc, p, e.getMessage()));
      }
    }
  }

  private static void wallTime(LocatedYaml doc, String text, String at, List<PlaybookProblem> out) {
    try {
      if (DurationText.parse(text).compareTo(Duration.ofSeconds(1)) < 0) {
        out.add(problem(doc, at, "must be a duration above zero, got \"" + text + "\""));
      }
    } catch (IllegalArgumentException e) {
      // the schema has already said so
    }
  }

  private static void prompt(
      LocatedYaml doc,
      Role role,
      String name,
      String at,
      Templates templates,
      List<PlaybookProblem> out) {
    Templates.Loaded loaded = templates.load(name);
    if (loaded.template().isEmpty()) {
      out.add(problem(doc, at, loaded.error()));
      return;
    }
    PromptTemplate t = loaded.template().get();
    for (PromptTemplate.Use use : t.uses()) {
      Optional<Placeholder> p = Placeholder.byKey(use.name());
      if (p.isPresent() && p.get().availableTo(role)) {
        continue;
      }
      String known =
          Placeholder.forRole(role).stream()
              .map(k -> "{{" + k.key() + "}}")
              .collect(Collectors.joining(", "));
      String why =
          p.isPresent()
              ? "is not available to the " + role.key() + " (" + p.get().meaning() + ")"
              : "is not a known placeholder";
      out.add(
          new PlaybookProblem(
              t.file(),
              use.line(),
              "{{" + use.name() + "}}",
              why + "; the " + role.key() + " template may use " + known));
    }
  }

  private static void steps(LocatedYaml doc, List<PlaybookProblem> out) {
    JsonNode s = doc.root().path("steps");
    if (!s.isObject()) {
      return;
    }
    Steps defaults = BuiltInPlaybook.playbook().steps();
    boolean plan = s.path("plan").asBoolean(defaults.plan());
    boolean implement = s.path("implement").asBoolean(defaults.implement());
    boolean review = s.path("review").asBoolean(defaults.review());
    if (review && !implement) {
      out.add(
          s.has("review")
              ? problem(
                  doc,
                  "/steps/review",
                  "must be false when implement is false: there is nothing to review")
              : problem(
                  doc,
                  "/steps/implement",
                  "is false, but review is on (the default) and has nothing to review; set"
                      + " review: false too"));
    }
    if (!plan && !implement) {
      out.add(
          problem(
              doc, "/steps", "must keep plan or implement on: a run with neither does nothing"));
    }
  }

  /**
   * Schema problems and these checks' problems as one list: a field the schema already faulted is
   * not faulted twice; the file's own problems come first, in line order, then its templates'.
   */
  static List<PlaybookProblem> combine(
      LocatedYaml doc, List<PlaybookProblem> schema, List<PlaybookProblem> semantic) {
    Map<String, PlaybookProblem> byPlace = new LinkedHashMap<>();
    for (PlaybookProblem p : schema) {
      byPlace.putIfAbsent(p.file() + ":" + p.line() + ":" + p.field(), p);
    }
    for (PlaybookProblem p : semantic) {
      byPlace.putIfAbsent(p.file() + ":" + p.line() + ":" + p.field(), p);
    }
    List<PlaybookProblem> out = new ArrayList<>(byPlace.values());
    out.sort(
        Comparator.comparing((PlaybookProblem p) -> !p.file().equals(doc.file()))
            .thenComparing(PlaybookProblem::file)
            .thenComparingInt(PlaybookProblem::line));
    return out;
  }

  static PlaybookProblem problem(LocatedYaml doc, String pointer, String message) {
    return new PlaybookProblem(
        doc.file(), doc.lineOf(pointer), LocatedYaml.field(pointer), message);
  }

  /** Replaces each role's prompt name with the loaded template, once every check has passed. */
  static ObjectNode withTemplates(LocatedYaml doc, Templates templates) {
    ObjectNode tree = doc.root().deepCopy();
    for (Role role : Role.values()) {
      JsonNode r = tree.path(role.key());
      if (r.isObject() && r.path("prompt").isTextual()) {
        PromptTemplate t = templates.load(r.get("prompt").asText()).template().orElseThrow();
        ((ObjectNode) r).set("prompt", PlaybookJson.MAPPER.valueToTree(t));
      }
    }
    return tree;
  }
}
