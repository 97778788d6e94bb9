package dev.specwright.playbook;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML file read into a JSON tree that remembers the line of every field and list item, so that a
 * schema error at a JSON pointer can name its line. Read with Jackson's YAML parser; only its token
 * locations are used, values are built here so that every node gets its line.
 *
 * @param file the file as shown to users
 * @param root the document; an empty document reads as an empty object
 * @param lines the 1-based line of each JSON pointer ({@code ""} is the root)
 */
record LocatedYaml(String file, JsonNode root, Map<String, Integer> lines) {

  /** Larger files are refused before parsing: no playbook needs this much. */
  static final int MAX_CHARS = 256 * 1024;

  private static final YAMLFactory YAML = yamlFactory();
  private static final int MAX_DEPTH = 32;

  static LocatedYaml parse(String file, String text) {
    if (text.length() > MAX_CHARS) {
      throw new InvalidPlaybookException(
          new PlaybookProblem(
              file,
              1,
              "",
              "the file is larger than " + MAX_CHARS / 1024 + " KiB; is it a playbook?"));
    }
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = YAML.createParser(text)) {
      // duplicates are reported below, with the field's name
      p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonToken first = p.nextToken();
      if (first == null) {
        lines.put("", 1);
        return new LocatedYaml(file, JsonNodeFactory.instance.objectNode(), lines);
      }
      JsonNode root = new Reader(file, p, lines).read("", 0);
      if (p.nextToken() != null) {
        throw problem(file, p.currentTokenLocation(), "", "the file holds more than one document");
      }
      return new LocatedYaml(file, root, Map.copyOf(lines));
    } catch (JsonProcessingException e) {
      throw new InvalidPlaybookException(syntaxProblem(file, e));
    } catch (IOException e) {
      throw new InvalidPlaybookException(new PlaybookProblem(file, 0, "", "cannot read: " + e));
    }
  }

  /** The line of a pointer, or of the nearest enclosing node that has one. */
  int lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 1;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  private static final class Reader {
    private final String file;
    private final JsonParser p;
    private final Map<String, Integer> lines;

    Reader(String file, JsonParser p, Map<String, Integer> lines) {
      this.file = file;
      this.p = p;
      this.lines = lines;
    }

    JsonNode read(String pointer, int depth) throws IOException {
      JsonLocation at = p.currentTokenLocation();
      lines.putIfAbsent(pointer, at.getLineNr());
      if (depth > MAX_DEPTH) {
        throw problem(file, at, "", "the file nests deeper than " + MAX_DEPTH + " levels");
      }
      JsonNodeFactory f = new JsonNodeFactory(true);
      JsonToken t = p.currentToken();
      if (p instanceof YAMLParser y && y.isCurrentAlias()) {
        // Jackson's streaming parser would hand the alias back as its name, silently; say so
        throw problem(
            file,
            at,
            field(pointer),
            "YAML aliases (*name) are not supported here; write the value out");
      }
      switch (t) {
        case START_OBJECT -> {
          ObjectNode o = f.objectNode();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String child = pointer + "/" + escape(name);
            JsonLocation keyAt = p.currentTokenLocation();
            if (o.has(name)) {
              throw problem(file, keyAt, field(child), "appears twice; write each field once");
            }
            lines.put(child, keyAt.getLineNr());
            p.nextToken();
            o.set(name, read(child, depth + 1));
          }
          return o;
        }
        case START_ARRAY -> {
          ArrayNode a = f.arrayNode();
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            a.add(read(pointer + "/" + i++, depth + 1));
          }
          return a;
        }
        case VALUE_STRING -> {
          return f.textNode(p.getText());
        }
        case VALUE_NUMBER_INT -> {
          return f.numberNode(p.getBigIntegerValue());
        }
        case VALUE_NUMBER_FLOAT -> {
          return f.numberNode(p.getDecimalValue());
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          return f.booleanNode(t == JsonToken.VALUE_TRUE);
        }
        case VALUE_NULL -> {
          return f.nullNode();
        }
        default -> throw problem(file, at, field(pointer), "unexpected YAML content " + t);
      }
    }
  }

  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  /** A JSON pointer in the dotted form users read: {@code developer.tools[1]}. */
  static String field(String pointer) {
    if (pointer.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String part : pointer.substring(1).split("/", -1)) {
      String name = part.replace("~1", "/").replace("~0", "~");
      if (name.matches("\\d+") && !b.isEmpty()) {
        b.append('[').append(name).append(']');
      } else {
        if (!b.isEmpty()) {
          b.append('.');
        }
        b.append(name);
      }
    }
    return b.toString();
  }

  private static InvalidPlaybookException problem(
      String file, JsonLocation at, String field, String message) {
    return new InvalidPlaybookException(
        new PlaybookProblem(file, Math.max(1, at.getLineNr()), field, message));
  }

  private static PlaybookProblem syntaxProblem(String file, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
      String what = y.getProblem() == null ? "" : y.getProblem();
      String context = "";
      if (y.getContext() != null) {
        context = " (" + y.getContext();
        if (y.getContextMark() != null
            && y.getContextMark().getLine() != y.getProblemMark().getLine()) {
          context += " that starts on line " + (y.getContextMark().getLine() + 1);
        }
        context += ")";
      }
      return new PlaybookProblem(
          file, y.getProblemMark().getLine() + 1, "", "YAML syntax error: " + what + context);
    }
    JsonLocation at = e.getLocation();
    String message = e.getOriginalMessage();
    int nl = message.indexOf('\n');
    return new PlaybookProblem(
        file,
        at == null ? 1 : Math.max(1, at.getLineNr()),
        "",
        "YAML syntax error: " + (nl > 0 ? message.substring(0, nl) : message));
  }

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH + 8);
    options.setCodePointLimit(MAX_CHARS * 2);
    return YAMLFactory.builder().loaderOptions(options).build();
  }
}
