package dev.specwright.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.specwright.llm.ModelException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Anthropic's Messages API as recorded (fixtures/llm/anthropic), served by WireMock and called
 * through the real LangChain4j Anthropic client.
 */
class AnthropicWireTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String MESSAGES = "/v1/messages";
  private static final ModelRef HAIKU = ModelRef.parse("anthropic:claude-haiku-4-5");

  /** Anthropic's documented error shape for HTTP 529 (no recording of one exists). */
  private static final String OVERLOADED =
      "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";

  private LlmFixtures.RecordingSleeper sleeper;
  private ChatModel model;

  @BeforeEach
  void setUp() {
    sleeper = new LlmFixtures.RecordingSleeper();
    model = LlmFixtures.registry(wm.baseUrl(), Map.of()).sleeper(sleeper).build().model(HAIKU);
  }

  @Test
  void toolUseResponseBecomesToolCallWithUsageAndCost() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(okJson(read("anthropic/messages.response.tool_use.json"))));

    ChatTurn turn = model.chat(ask("What is the weather in SF?", weatherTool()));

    assertThat(turn.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(turn.message().toolCalls()).hasSize(1);
    ToolCall call = turn.message().toolCalls().get(0);
    assertThat(call.id()).isEqualTo("toolu_016xm9m1i3NcGW5xFMMZJTqY");
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(LlmFixtures.JSON.readTree(call.argumentsJson()))
        .isEqualTo(
            LlmFixtures.JSON.readTree("{\"location\":\"San Francisco, CA\",\"units\":\"f\"}"));
    assertThat(turn.usage()).isEqualTo(new Usage(656, 74, 0, 0));
    // claude-haiku-4-5: $1 in, $5 out per MTok → 656 × 1 + 74 × 5 = 1026 µ$
    assertThat(turn.cost()).isEqualTo(Cost.usd("0.001026"));
    assertThat(turn.model()).isEqualTo(HAIKU);
    assertThat(turn.fallbacks()).isEmpty();
  }

  @Test
  void requestDeclaresToolsAndMarksTheStablePrefixForCaching() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(okJson(read("anthropic/messages.response.tool_use.json"))));

    model.chat(ask("What is the weather in SF?", weatherTool()));

    wm.verify(
        postRequestedFor(urlPathEqualTo(MESSAGES))
            .withHeader("x-api-key", equalTo("sk-ant-test-key"))
            .withHeader("anthropic-version", equalTo("2023-06-01"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("claude-haiku-4-5")))
            .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("1024")))
            .withRequestBody(matchingJsonPath("$.tools[0].name", equalTo("get_weather")))
            .withRequestBody(
                matchingJsonPath("$.tools[0].cache_control.type", equalTo("ephemeral")))
            .withRequestBody(
                matchingJsonPath("$.system[0].text", equalTo("You are a weather assistant.")))
            .withRequestBody(
                matchingJsonPath("$.system[0].cache_control.type", equalTo("ephemeral"))));
    JsonNode sent = lastBody();
    JsonNode recordedSchema =
        LlmFixtures.json("anthropic/messages.request.tools.json").path("tools").path(0);
    JsonNode sentSchema = sent.path("tools").path(0).path("input_schema");
    JsonNode recordedInput = recordedSchema.path("input_schema");
    // Properties (with their enum, title, description) and required go out exactly as recorded.
    // LangChain4j leaves out a root "additionalProperties" unless tools are strict; the model is
    // told the same thing by "required" and the property list.
    assertThat(sentSchema.path("type").asText()).isEqualTo("object");
    assertThat(sentSchema.path("properties")).isEqualTo(recordedInput.path("properties"));
    assertThat(sentSchema.path("required")).isEqualTo(recordedInput.path("required"));
    assertThat(sent.path("tools").path(0).path("description"))
        .isEqualTo(recordedSchema.path("description"));
  }

  @Test
  void toolResultFollowUpSendsToolUseAndToolResultBlocksAsRecorded() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(okJson(read("anthropic/messages.response.end_turn.json"))));
    JsonNode recorded = LlmFixtures.json("anthropic/messages.request.tool_result.json");
    JsonNode toolUse = recorded.path("messages").path(1).path("content").path(0);
    JsonNode toolResult = recorded.path("messages").path(2).path("content").path(0);
    var conversation =
        List.<Message>of(
            new Message.User("What is the weather in SF?"),
            new Message.Assistant(
                "",
                List.of(
                    new ToolCall(
                        toolUse.path("id").asText(),
                        toolUse.path("name").asText(),
                        toolUse.path("input").toString()))),
            new Message.ToolResult(
                toolResult.path("tool_use_id").asText(),
                "get_weather",
                toolResult.path("content").asText(),
                false));

    ChatTurn turn = model.chat(new ChatRequest("", conversation, List.of(weatherTool()), 1024));

    assertThat(turn.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(turn.message().text()).contains("68°F and Sunny");
    assertThat(turn.message().hasToolCalls()).isFalse();
    assertThat(turn.usage()).isEqualTo(new Usage(770, 26, 0, 0));
    JsonNode sent = lastBody().path("messages");
    assertThat(sent).hasSize(3);
    JsonNode sentUse = sent.path(1).path("content").path(0);
    assertThat(sentUse.path("type").asText()).isEqualTo("tool_use");
    assertThat(sentUse.path("id")).isEqualTo(toolUse.path("id"));
    assertThat(sentUse.path("name")).isEqualTo(toolUse.path("name"));
    assertThat(sentUse.path("input")).isEqualTo(toolUse.path("input"));
    JsonNode sentResult = sent.path(2).path("content").path(0);
    assertThat(sent.path(2).path("role").asText()).isEqualTo("user");
    assertThat(sentResult.path("type").asText()).isEqualTo("tool_result");
    assertThat(sentResult.path("tool_use_id")).isEqualTo(toolResult.path("tool_use_id"));
    assertThat(sentResult.path("content")).isEqualTo(toolResult.path("content"));
    // The conversation so far is a cache breakpoint, so the next turn reads it from the cache.
    assertThat(sentResult.path("cache_control").path("type").asText()).isEqualTo("ephemeral");
  }

  @Test
  void failedToolResultIsSentWithIsError() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(okJson(read("anthropic/messages.response.end_turn.json"))));

    model.chat(
        new ChatRequest(
            "",
            List.of(
                new Message.User("go"),
                new Message.Assistant("", List.of(new ToolCall("toolu_1", "get_weather", "{}"))),
                new Message.ToolResult("toolu_1", "get_weather", "location is required", true)),
            List.of(weatherTool()),
            0));

    JsonNode result = lastBody().path("messages").path(2).path("content").path(0);
    assertThat(result.path("is_error").asBoolean()).isTrue();
  }

  @Test
  void parallelToolUseWithTextKeepsBothCallsInOrder() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(okJson(read("anthropic/messages.response.tool_use.parallel.json"))));

    ChatTurn turn = model.chat(ask("weather in two cities", weatherTool()));

    JsonNode recorded = LlmFixtures.json("anthropic/messages.response.tool_use.parallel.json");
    List<String> recordedIds =
        recorded.path("content").findValues("id").stream().map(JsonNode::asText).toList();
    assertThat(turn.message().toolCalls()).extracting(ToolCall::id).isEqualTo(recordedIds);
    assertThat(turn.message().text()).isNotBlank();
    assertThat(turn.stopReason()).isEqualTo(StopReason.TOOL_USE);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "stop_reason {0} → {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "end_turn, END_TURN",
    "stop_sequence, END_TURN",
    "max_tokens, MAX_TOKENS",
    "refusal, CONTENT_FILTER",
    "pause_turn, OTHER",
    "model_context_window_exceeded, MAX_TOKENS",
    "a_reason_from_the_future, OTHER"
  })
  void stopReasonMapsFromAnthropicsOwnWord(String stopReason, StopReason expected)
      throws Exception {
    String body =
        LlmFixtures.edited(
            "anthropic/messages.response.end_turn.json",
            r -> {
              r.put("stop_reason", stopReason);
              return r;
            });
    wm.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(okJson(body)));

    assertThat(model.chat(ask("hi")).stopReason()).isEqualTo(expected);
  }

  @Test
  void withoutAnAskedLimitMaxTokensComesFromTheCatalogCappedAtTheDefault() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(okJson(read("anthropic/messages.response.end_turn.json"))));

    model.chat(new ChatRequest("", List.of(new Message.User("hi")), List.of(), 0));

    // Anthropic requires max_tokens; haiku's catalog limit is 64000, capped at 8192.
    assertThat(lastBody().path("max_tokens").asInt()).isEqualTo(8192);
    assertThat(lastBody().has("system")).isFalse();
    assertThat(lastBody().has("tools")).isFalse();
  }

  @Test
  void chunkedBodyBrokenOffMidwayIsRetried() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .inScenario("chunk")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK))
            .willSetStateTo("whole"));
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .inScenario("chunk")
            .whenScenarioStateIs("whole")
            .willReturn(okJson(read("anthropic/messages.response.end_turn.json"))));

    assertThat(model.chat(ask("hi")).stopReason()).isEqualTo(StopReason.END_TURN);
    wm.verify(exactly(2), postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  @Test
  void cacheWritesAndReadsAreCountedApartFromInputAndPricedApart() throws Exception {
    // The recordings all have zero cache counts; this is the recorded body with non-zero ones.
    String body =
        LlmFixtures.edited(
            "anthropic/messages.response.end_turn.json",
            r -> {
              var usage = (com.fasterxml.jackson.databind.node.ObjectNode) r.path("usage");
              usage.put("cache_creation_input_tokens", 2000);
              usage.put("cache_read_input_tokens", 10000);
              return r;
            });
    wm.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(okJson(body)));

    ChatTurn turn = model.chat(ask("again"));

    assertThat(turn.usage()).isEqualTo(new Usage(770, 26, 2000, 10000));
    // 770 × 1 + 26 × 5 + 2000 × 1.25 + 10000 × 0.10 = 770 + 130 + 2500 + 1000 = 4400 µ$
    assertThat(turn.cost()).isEqualTo(Cost.usd("0.0044"));
  }

  @Test
  void rateLimitWaitsExactlyWhatRetryAfterSaysThenSucceeds() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("content-type", "application/json")
                    .withHeader("x-should-retry", "true")
                    .withHeader("retry-after", "7")
                    .withBody(read("anthropic/error.429.rate_limit_error.json")))
            .willSetStateTo("limited once"));
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .inScenario("429")
            .whenScenarioStateIs("limited once")
            .willReturn(okJson(read("anthropic/messages.response.end_turn.json"))));

    ChatTurn turn = model.chat(ask("hi"));

    assertThat(turn.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    wm.verify(exactly(2), postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  @Test
  void retryAfterLongerThanWeWaitFailsAtOnceSoAFallbackCanAnswer() {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "3600")
                    .withBody(read("anthropic/error.429.rate_limit_error.json"))));

    assertThatThrownBy(() -> model.chat(ask("hi")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofHours(1));
            });
    assertThat(sleeper.waits).isEmpty();
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  @Test
  void overloaded529IsRetriedWithExponentialBackoffUntilSpent() {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(529)
                    .withHeader("content-type", "application/json")
                    .withBody(OVERLOADED)));

    assertThatThrownBy(() -> model.chat(ask("hi")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
              assertThat(e.model()).isEqualTo(HAIKU);
              assertThat(e.getMessage()).contains("529", "overloaded_error", "Overloaded");
            });
    // 3 attempts; with jitter fixed at 0.5 the waits are 3/4 of 1 s and of 2 s.
    wm.verify(exactly(3), postRequestedFor(urlPathEqualTo(MESSAGES)));
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500));
  }

  @Test
  void serverError500IsRetriedAndThenReported() {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .inScenario("500")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withBody(
                        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}"))
            .willSetStateTo("recovered"));
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .inScenario("500")
            .whenScenarioStateIs("recovered")
            .willReturn(okJson(read("anthropic/messages.response.end_turn.json"))));

    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> model.chat(ask("hi"))))
        .isNull();
    wm.verify(exactly(2), postRequestedFor(urlPathEqualTo(MESSAGES)));
    assertThat(sleeper.waits).hasSize(1);
  }

  @Test
  void spendLimit429IsNotRetried() {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "1")
                    .withBody(
                        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
                            + "\"You have reached your specified workspace API usage limits. You will"
                            + " regain access on 2026-12-01 at 00:00 UTC.\"}}")));

    assertThatThrownBy(() -> model.chat(ask("hi")))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SPEND_LIMIT));
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo(MESSAGES)));
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void lowCreditBalanceIsASpendLimitNotABadRequest() {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                            + "\"Your credit balance is too low to access the Anthropic API.\"}}")));

    assertThatThrownBy(() -> model.chat(ask("hi")))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SPEND_LIMIT));
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  @Test
  void badKeyIsAnAuthenticationFailureAndIsNotRetriedNorLeaked() {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}")));

    assertThatThrownBy(() -> model.chat(ask("hi")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
              assertThat(e.getMessage()).doesNotContain("sk-ant-test-key");
            });
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  @Test
  void malformedJsonIsAMalformedResponse() {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(okJson("{\"id\": \"msg_1\", \"content\": [ this is not json")));

    assertThatThrownBy(() -> model.chat(ask("hi")))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
  }

  @Test
  void bodyTruncatedMidwayIsAMalformedResponse() {
    String whole = read("anthropic/messages.response.tool_use.json");
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES)).willReturn(okJson(whole.substring(0, whole.length() / 2))));

    assertThatThrownBy(() -> model.chat(ask("hi")))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
  }

  @Test
  void connectionDroppedMidResponseIsRetried() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .inScenario("reset")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE))
            .willSetStateTo("up"));
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .inScenario("reset")
            .whenScenarioStateIs("up")
            .willReturn(okJson(read("anthropic/messages.response.end_turn.json"))));

    ChatTurn turn = model.chat(ask("hi"));

    assertThat(turn.stopReason()).isEqualTo(StopReason.END_TURN);
    wm.verify(exactly(2), postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  @Test
  void slowAnswerTimesOut() {
    ChatModel impatient =
        LlmFixtures.registry(wm.baseUrl(), Map.of())
            .sleeper(sleeper)
            .timeout(Duration.ofMillis(200))
            .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO))
            .build()
            .model(HAIKU);
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(
                okJson(read("anthropic/messages.response.end_turn.json")).withFixedDelay(1500)));

    assertThatThrownBy(() -> impatient.chat(ask("hi")))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
  }

  @Test
  void interruptingTheCallerStopsAnInFlightCallWithoutRetrying() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(
                okJson(read("anthropic/messages.response.end_turn.json")).withFixedDelay(3000)));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                model.chat(ask("hi"));
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    caller.start();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> !wm.getAllServeEvents().isEmpty());
    long start = System.nanoTime();
    caller.interrupt();
    caller.join(2000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    assertThat(failure.get())
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void interruptDuringTheWaitStopsRetrying() {
    ChatModel interruptedWhileWaiting =
        LlmFixtures.registry(wm.baseUrl(), Map.of())
            .sleeper(
                d -> {
                  throw new InterruptedException("shutting down");
                })
            .build()
            .model(HAIKU);
    wm.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(aResponse().withStatus(529).withBody(OVERLOADED)));

    try {
      assertThatThrownBy(() -> interruptedWhileWaiting.chat(ask("hi")))
          .isInstanceOfSatisfying(
              ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  private JsonNode lastBody() throws Exception {
    var events = wm.getAllServeEvents();
    return LlmFixtures.JSON.readTree(events.get(0).getRequest().getBodyAsString());
  }
}
