package dev.specwright.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specwright.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The recorded provider traffic in src/test/resources/fixtures/llm, and a registry aimed at it. */
final class LlmFixtures {

  static final ObjectMapper JSON = new ObjectMapper();

  private LlmFixtures() {}

  /** A fixture file's text, as recorded. */
  static String read(String path) {
    try (InputStream in = LlmFixtures.class.getResourceAsStream("/fixtures/llm/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String path) {
    try {
      return JSON.readTree(read(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A recorded JSON fixture with one change made to it (the change is the test's subject). */
  static String edited(String path, UnaryOperator<ObjectNode> edit) {
    return edit.apply((ObjectNode) json(path).deepCopy()).toString();
  }

  /** The get_weather tool of the recorded Anthropic tool-runner exchange. */
  static ToolSpec weatherTool() {
    JsonNode tool = json("anthropic/messages.request.tools.json").path("tools").path(0);
    return new ToolSpec(
        tool.path("name").asText(),
        tool.path("description").asText(),
        tool.path("input_schema").toString());
  }

  /** Records the waits between retries instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new ArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }

  /** A registry whose providers all point at {@code baseUrl} (WireMock), with fake keys. */
  static ModelRegistry.Builder registry(String baseUrl, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("ANTHROPIC_API_KEY", "sk-ant-test-key");
    env.put("ANTHROPIC_BASE_URL", baseUrl);
    env.put("OPENAI_API_KEY", "sk-openai-test-key");
    env.put("OPENAI_BASE_URL", baseUrl + "/v1");
    env.put("OLLAMA_BASE_URL", baseUrl + "/ollama/v1");
    env.putAll(extra);
    return ModelRegistry.builder(Env.of(env))
        // Generous: the first call in a JVM loads much of LangChain4j, slow on a busy machine.
        .timeout(Duration.ofSeconds(30))
        .random(() -> 0.5)
        .retryPolicy(
            new RetryPolicy(
                3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60)));
  }

  static ChatRequest ask(String question, ToolSpec... tools) {
    return new ChatRequest(
        "You are a weather assistant.", List.of(new Message.User(question)), List.of(tools), 1024);
  }
}
