package dev.specwright.run.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat-completions server's answers, scripted per agent: it reads which agent
 * is asking from the system prompt ("You are the planner in Specwright") and the task, and whether
 * the agent has already had a tool result, and answers in the real wire format (the shape of
 * fixtures/llm/openai/chat.response.tool_calls.json). Developers write one file then finish (or,
 * for a key in {@link #stuck}, read the same file until the stuck detector stops them); researcher,
 * planner and reviewer finish with their answer.
 */
final class ScriptedOpenAi implements ResponseDefinitionTransformerV2 {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUBTASK =
      Pattern.compile("# (?:Your subtask|Subtask under review): ([a-z0-9-]+)");

  final String plan;
  final Map<String, String[]> files; // key -> {path, content}

  /** Every agent turn asked, as "role" or "role:key". */
  final List<String> asked = new CopyOnWriteArrayList<>();

  /** Every request body, as the model server received it. */
  final List<String> bodies = new CopyOnWriteArrayList<>();

  /** Subtask keys whose developer reads README.md over and over, until it is found stuck. */
  volatile Set<String> stuck = Set.of();

  /** Subtask keys whose developer answers this slowly (milliseconds). */
  volatile Map<String, Integer> slow = Map.of();

  private final AtomicInteger ids = new AtomicInteger();

  ScriptedOpenAi(String plan, Map<String, String[]> files) {
    this.plan = plan;
    this.files = files;
  }

  @Override
  public String getName() {
    return "scripted-openai";
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    try {
      bodies.add(event.getRequest().getBodyAsString());
      JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
      String system = "";
      String task = "";
      boolean hadToolResult = false;
      for (JsonNode m : request.path("messages")) {
        String role = m.path("role").asText();
        if (role.equals("system")) {
          system += m.path("content").asText();
        } else if (role.equals("user") && task.isEmpty()) {
          task = text(m.path("content"));
        } else if (role.equals("tool")) {
          hadToolResult = true;
        }
      }
      Matcher k = SUBTASK.matcher(task);
      String key = k.find() ? k.group(1) : "";
      String role = roleOf(system);
      asked.add(key.isEmpty() ? role : role + ":" + key);
      ObjectNode body =
          switch (role) {
            case "researcher" -> finish("The repository holds a README and nothing else.");
            case "planner" -> finish(plan);
            case "reviewer" ->
                finish(
                    JSON.writeValueAsString(
                        Map.of(
                            "event",
                            "COMMENT",
                            "body",
                            "Meets the criteria for " + key + ".",
                            "comments",
                            List.of(
                                Map.of(
                                    "path",
                                    files.get(key)[0],
                                    "line",
                                    1,
                                    "body",
                                    "Good first line.")))));
            case "developer" ->
                stuck.contains(key)
                    ? call("read_file", JSON.writeValueAsString(Map.of("path", "README.md")))
                    : hadToolResult
                        ? finish("Wrote " + files.get(key)[0])
                        : call(
                            "write_file",
                            JSON.writeValueAsString(
                                Map.of("path", files.get(key)[0], "content", files.get(key)[1])));
            default -> throw new IllegalStateException("unknown agent: " + system);
          };
      int delay = role.equals("developer") ? slow.getOrDefault(key, 0) : 0;
      var response =
          new ResponseDefinitionBuilder()
              .withStatus(200)
              .withHeader("Content-Type", "application/json")
              .withBody(JSON.writeValueAsString(body));
      return (delay > 0 ? response.withFixedDelay(delay) : response).build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder b = new StringBuilder();
    content.forEach(part -> b.append(part.path("text").asText()));
    return b.toString();
  }

  private static String roleOf(String system) {
    for (String r : List.of("researcher", "planner", "developer", "reviewer")) {
      if (system.contains("You are the " + r + " in Specwright")) {
        return r;
      }
    }
    return "?";
  }

  private ObjectNode finish(String summary) throws Exception {
    return call("finish", JSON.writeValueAsString(Map.of("summary", summary)));
  }

  private ObjectNode call(String tool, String arguments) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-" + ids.incrementAndGet());
    root.put("object", "chat.completion");
    root.put("created", 1699896916);
    root.put("model", "local-model");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.putNull("content");
    ArrayNode calls = message.putArray("tool_calls");
    ObjectNode c = calls.addObject();
    c.put("id", "call_" + ids.incrementAndGet());
    c.put("type", "function");
    c.putObject("function").put("name", tool).put("arguments", arguments);
    choice.put("finish_reason", "tool_calls");
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", 82);
    usage.put("completion_tokens", 17);
    usage.put("total_tokens", 99);
    return root;
  }
}
