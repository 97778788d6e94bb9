package dev.specwright.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.specwright.llm.LlmFixtures.ask;
import static dev.specwright.llm.LlmFixtures.read;
import static dev.specwright.llm.LlmFixtures.weatherTool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.specwright.llm.ModelException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OpenAI's Chat Completions API (and OpenAI-compatible servers) as recorded (fixtures/llm/openai),
 * served by WireMock and called through the real LangChain4j OpenAI client.
 */
class OpenAiWireTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String COMPLETIONS = "/v1/chat/completions";
  private static final String OLLAMA = "/ollama/v1/chat/completions";
  private static final ModelRef GPT_4O = ModelRef.parse("openai:gpt-4o");

  private LlmFixtures.RecordingSleeper sleeper;
  private ModelRegistry registry;

  @BeforeEach
  void setUp() {
    sleeper = new LlmFixtures.RecordingSleeper();
    registry = LlmFixtures.registry(wm.baseUrl(), Map.of()).sleeper(sleeper).build();
  }

  @Test
  void recordedToolCallWithJsonStringArgumentsBecomesToolCall() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(COMPLETIONS))
            .willReturn(okJson(read("openai/chat.response.tool_calls.recorded.json"))));

    ChatTurn turn = registry.model(GPT_4O).chat(ask("weather in SF?", weatherTool()));

    assertThat(turn.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(turn.message().toolCalls())
        .containsExactly(
            new ToolCall(
                "call_CUdUoJpsWWVdxXntucvnol1M",
                "get_weather",
                "{\"city\":\"San Francisco\",\"state\":\"CA\"}"));
    // This recording predates prompt_tokens_details: nothing cached.
    assertThat(turn.usage()).isEqualTo(new Usage(48, 19, 0, 0));
    // gpt-4o: $2.50 in, $10 out per MTok → 48 × 2.5 + 19 × 10 = 310 µ$
    assertThat(turn.cost()).isEqualTo(Cost.usd("0.00031"));
  }

  @Test
  void recordedParallelToolCallsKeepTheirOrder() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(COMPLETIONS))
            .willReturn(okJson(read("openai/chat.response.parallel_tool_calls.recorded.json"))));

    ChatTurn turn = registry.model(GPT_4O).chat(ask("two things", weatherTool()));

    JsonNode recorded =
        LlmFixtures.json("openai/chat.response.parallel_tool_calls.recorded.json")
            .path("choices")
            .path(0)
            .path("message")
            .path("tool_calls");
    assertThat(turn.message().toolCalls()).hasSize(recorded.size()).hasSizeGreaterThan(1);
    for (int i = 0; i < recorded.size(); i++) {
      ToolCall call = turn.message().toolCalls().get(i);
      assertThat(call.id()).isEqualTo(recorded.path(i).path("id").asText());
      assertThat(call.argumentsJson())
          .isEqualTo(recorded.path(i).path("function").path("arguments").asText());
    }
  }

  @Test
  void documentedStopResponseEndsTheTurnWithItsText() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(COMPLETIONS))
            .willReturn(okJson(read("openai/chat.response.stop.json"))));

    ChatTurn turn = registry.model(GPT_4O).chat(ask("hello"));

    assertThat(turn.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(turn.message().text()).isEqualTo("Hello! How can I assist you today?");
    assertThat(turn.usage()).isEqualTo(new Usage(19, 10, 0, 0));
  }

  @Test
  void cachedTokensAreTakenOutOfPromptTokensAndPricedAsCacheReads() throws Exception {
    String body =
        LlmFixtures.edited(
            "openai/chat.response.stop.json",
            r -> {
              ObjectNode usage = (ObjectNode) r.path("usage");
              usage.put("prompt_tokens", 2000);
              ((ObjectNode) usage.path("prompt_tokens_details")).put("cached_tokens", 1536);
              return r;
            });
    wm.stubFor(post(urlPathEqualTo(COMPLETIONS)).willReturn(okJson(body)));

    ChatTurn turn = registry.model(ModelRef.parse("openai:gpt-4o-mini")).chat(ask("hello"));

    assertThat(turn.usage()).isEqualTo(new Usage(464, 10, 0, 1536));
    // gpt-4o-mini: 464 × 0.15 + 10 × 0.60 + 1536 × 0.075 = 69.6 + 6 + 115.2 = 190.8 µ$
    assertThat(turn.cost()).isEqualTo(Cost.usd("0.0001908"));
  }

  @ParameterizedTest(name = "finish_reason {0} → {1}")
  @CsvSource({
    "stop, END_TURN",
    "length, MAX_TOKENS",
    "content_filter, CONTENT_FILTER",
    "tool_calls, TOOL_USE",
    "something_new, OTHER"
  })
  void finishReasonMapsToStopReason(String finishReason, StopReason expected) throws Exception {
    String body =
        LlmFixtures.edited(
            "openai/chat.response.stop.json",
            r -> {
              ((ObjectNode) r.path("choices").path(0)).put("finish_reason", finishReason);
              return r;
            });
    wm.stubFor(post(urlPathEqualTo(COMPLETIONS)).willReturn(okJson(body)));

    assertThat(registry.model(GPT_4O).chat(ask("hello")).stopReason()).isEqualTo(expected);
  }

  @Test
  void requestDeclaresToolsAsFunctionsAndUsesMaxCompletionTokens() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(COMPLETIONS))
            .willReturn(okJson(read("openai/chat.response.tool_calls.recorded.json"))));

    registry.model(GPT_4O).chat(ask("weather in SF?", weatherTool()));

    wm.verify(
        postRequestedFor(urlPathEqualTo(COMPLETIONS))
            .withHeader("Authorization", equalTo("Bearer sk-openai-test-key"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
            .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
            .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("user")))
            .withRequestBody(matchingJsonPath("$.tools[0].type", equalTo("function")))
            .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("get_weather")))
            .withRequestBody(
                matchingJsonPath(
                    "$.tools[0].function.parameters.properties.location.type", equalTo("string")))
            .withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo("1024")))
            .withRequestBody(matchingJsonPath("$.max_tokens", absent())));
  }

  @Test
  void toolResultsGoBackAsToolMessagesAfterTheAssistantsToolCalls() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(COMPLETIONS))
            .willReturn(okJson(read("openai/chat.response.stop.json"))));
    var call = new ToolCall("call_1", "get_weather", "{\"city\":\"Boston\"}");

    registry
        .model(GPT_4O)
        .chat(
            new ChatRequest(
                "sys",
                List.of(
                    new Message.User("weather?"),
                    new Message.Assistant("Checking.", List.of(call)),
                    new Message.ToolResult("call_1", "get_weather", "72F sunny", false)),
                List.of(weatherTool()),
                256));

    JsonNode messages =
        LlmFixtures.JSON
            .readTree(wm.getAllServeEvents().get(0).getRequest().getBodyAsString())
            .path("messages");
    assertThat(messages.path(2).path("role").asText()).isEqualTo("assistant");
    JsonNode sentCall = messages.path(2).path("tool_calls").path(0);
    assertThat(sentCall.path("id").asText()).isEqualTo("call_1");
    assertThat(sentCall.path("function").path("name").asText()).isEqualTo("get_weather");
    // OpenAI wants the arguments as a JSON string, not an object.
    assertThat(sentCall.path("function").path("arguments").isTextual()).isTrue();
    assertThat(sentCall.path("function").path("arguments").asText())
        .isEqualTo("{\"city\":\"Boston\"}");
    assertThat(messages.path(3).path("role").asText()).isEqualTo("tool");
    assertThat(messages.path(3).path("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(messages.path(3).path("content").asText()).isEqualTo("72F sunny");
  }

  @Test
  void ollamaNeedsNoKeyUsesMaxTokensAndHasUnknownCost() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(OLLAMA))
            .willReturn(okJson(read("openai/chat.response.tool_calls.recorded.json"))));

    ChatTurn turn =
        LlmFixtures.registry(wm.baseUrl(), Map.of())
            .sleeper(sleeper)
            .build()
            .model(ModelRef.parse("ollama:qwen3-coder"))
            .chat(ask("weather?", weatherTool()));

    assertThat(turn.model()).isEqualTo(ModelRef.parse("ollama:qwen3-coder"));
    assertThat(turn.cost()).isEqualTo(Cost.UNKNOWN);
    assertThat(turn.cost().toString()).isEqualTo("unknown");
    wm.verify(
        exactly(1),
        postRequestedFor(urlPathEqualTo(OLLAMA))
            .withHeader("Authorization", absent())
            .withRequestBody(matchingJsonPath("$.model", equalTo("qwen3-coder")))
            .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("1024"))));
  }

  @Test
  void rateLimitHonoursRetryAfterThenSucceeds() throws Exception {
    // OpenAI's documented error shape (openapi.yaml ErrorResponse); no 429 body was recorded.
    wm.stubFor(
        post(urlPathEqualTo(COMPLETIONS))
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "2")
                    .withBody(
                        "{\"error\":{\"message\":\"Rate limit reached for gpt-4o on tokens per min"
                            + " (TPM): Limit 30000, Used 29000, Requested 1500.\",\"type\":\"tokens\","
                            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}"))
            .willSetStateTo("ok"));
    wm.stubFor(
        post(urlPathEqualTo(COMPLETIONS))
            .inScenario("429")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(read("openai/chat.response.stop.json"))));

    registry.model(GPT_4O).chat(ask("hello"));

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
    wm.verify(exactly(2), postRequestedFor(urlPathEqualTo(COMPLETIONS)));
  }

  @Test
  void insufficientQuota429IsASpendLimitAndIsNotRetried() {
    wm.stubFor(
        post(urlPathEqualTo(COMPLETIONS))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        "{\"error\":{\"message\":\"You exceeded your current quota, please check"
                            + " your plan and billing details.\",\"type\":\"insufficient_quota\","
                            + "\"param\":null,\"code\":\"insufficient_quota\"}}")));

    assertThatThrownBy(() -> registry.model(GPT_4O).chat(ask("hello")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.SPEND_LIMIT);
              assertThat(e.getMessage()).contains("429", "current quota");
            });
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo(COMPLETIONS)));
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void htmlErrorPageFromAProxyIsAServerErrorWithItsText() {
    wm.stubFor(
        post(urlPathEqualTo(COMPLETIONS))
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withHeader("content-type", "text/html")
                    .withBody("<html><body>502 Bad Gateway</body></html>")));

    assertThatThrownBy(() -> registry.model(GPT_4O).chat(ask("hello")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
              assertThat(e.getMessage()).contains("502 Bad Gateway");
            });
    wm.verify(exactly(3), postRequestedFor(urlPathEqualTo(COMPLETIONS)));
  }

  @Test
  void unknownFieldsInAResponseAreIgnored() throws Exception {
    String body =
        LlmFixtures.edited(
            "openai/chat.response.stop.json",
            r -> {
              r.put("brand_new_field", "x");
              ((ObjectNode) r.path("choices").path(0).path("message"))
                  .putObject("future")
                  .put("a", 1);
              return r;
            });
    wm.stubFor(post(urlPathEqualTo(COMPLETIONS)).willReturn(okJson(body)));

    assertThat(registry.model(GPT_4O).chat(ask("hello")).stopReason())
        .isEqualTo(StopReason.END_TURN);
  }

  @Test
  void emptyChoicesIsNotMistakenForAnAnswer() {
    String body =
        LlmFixtures.edited(
            "openai/chat.response.stop.json",
            r -> {
              r.putArray("choices");
              return r;
            });
    wm.stubFor(post(urlPathEqualTo(COMPLETIONS)).willReturn(okJson(body)));

    assertThatThrownBy(() -> registry.model(GPT_4O).chat(ask("hello")))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo(COMPLETIONS)));
  }
}
