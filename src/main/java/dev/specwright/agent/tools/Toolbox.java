package dev.specwright.agent.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.specwright.llm.ToolCall;
import dev.specwright.llm.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The tools of one attempt, and the one place a model's tool call is turned into a result: unknown
 * tools, arguments that are not JSON, and arguments that break the tool's JSON schema all come back
 * as tool errors the model can read, never as a crash of the loop.
 */
public final class Toolbox {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  // Tool schemas are constants; compile each once per process.
  private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

  private final Map<String, Tool> tools = new LinkedHashMap<>();

  public Toolbox(List<Tool> tools) {
    for (Tool t : tools) {
      if (this.tools.putIfAbsent(t.name(), t) != null) {
        throw new IllegalArgumentException("two tools named " + t.name());
      }
      COMPILED.computeIfAbsent(t.spec().parametersJsonSchema(), Toolbox::compile);
    }
  }

  private static JsonSchema compile(String schema) {
    JsonSchema compiled = SCHEMAS.getSchema(schema);
    // Validators are built lazily by default; build them now so that concurrent attempts share a
    // fully built schema.
    compiled.initializeValidators();
    return compiled;
  }

  /** The tools as declared to the model, in a stable order (a stable, cacheable prefix). */
  public List<ToolSpec> specs() {
    return tools.values().stream().map(Tool::spec).toList();
  }

  public Set<String> names() {
    return tools.keySet();
  }

  /** Runs one call. Only interruption escapes; every other failure is an error result. */
  public ToolOutput call(ToolCall call) throws InterruptedException {
    Tool tool = tools.get(call.name());
    if (tool == null) {
      return ToolOutput.error(
          "there is no tool named '" + call.name() + "'; the tools are " + tools.keySet());
    }
    String raw = call.argumentsJson();
    JsonNode args;
    try {
      args = JSON.readTree(raw == null || raw.isBlank() ? "{}" : raw);
    } catch (JsonProcessingException e) {
      return ToolOutput.error(
          "the arguments of "
              + call.name()
              + " are not valid JSON ("
              + e.getOriginalMessage()
              + "); send a JSON object matching the tool's schema");
    }
    if (args == null || !args.isObject()) {
      return ToolOutput.error("the arguments of " + call.name() + " must be a JSON object");
    }
    Set<ValidationMessage> problems =
        COMPILED.get(tool.spec().parametersJsonSchema()).validate(args);
    if (!problems.isEmpty()) {
      return ToolOutput.error(
          "invalid arguments for "
              + call.name()
              + ": "
              + problems.stream()
                  .map(ValidationMessage::getMessage)
                  .sorted()
                  .collect(Collectors.joining("; ")));
    }
    try {
      return tool.call(args);
    } catch (ToolException e) {
      return ToolOutput.error(e.getMessage());
    } catch (RuntimeException e) {
      return ToolOutput.error(
          call.name() + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** A canonical form of a call's arguments (keys sorted, spacing dropped), for comparison. */
  public static String canonicalArguments(String argumentsJson) {
    try {
      JsonNode node = JSON.readTree(argumentsJson == null ? "" : argumentsJson);
      if (node == null) {
        return "";
      }
      Object tree = JSON.treeToValue(node, Object.class);
      return CANONICAL.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      return argumentsJson == null ? "" : argumentsJson.strip();
    }
  }

  private static final ObjectMapper CANONICAL =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
}
