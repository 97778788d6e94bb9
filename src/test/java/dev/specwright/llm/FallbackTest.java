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

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.specwright.config.ConfigException;
import dev.specwright.llm.ModelException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A role's chain of models: when one is spent, the next answers, and the turn says why. */
class FallbackTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ModelRef SONNET = ModelRef.parse("anthropic:claude-sonnet-4-5");
  private static final ModelRef MINI = ModelRef.parse("openai:gpt-4o-mini");
  private static final ModelRef LOCAL = ModelRef.parse("ollama:qwen3-coder");
  private static final String ANTHROPIC = "/v1/messages";
  private static final String OPENAI = "/v1/chat/completions";
  private static final String OLLAMA = "/ollama/v1/chat/completions";

  private final LlmFixtures.RecordingSleeper sleeper = new LlmFixtures.RecordingSleeper();
  private final List<FallbackEvent> observed = new ArrayList<>();
  private final ModelRegistry registry =
      LlmFixtures.registry(wm.baseUrl(), Map.of())
          .sleeper(sleeper)
          .fallbackObserver(observed::add)
          .build();

  @Test
  void overloadedModelFallsBackAfterItsRetriesAndTheTurnNamesWhoAnswered() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(ANTHROPIC))
            .willReturn(
                aResponse()
                    .withStatus(529)
                    .withBody(
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
    wm.stubFor(
        post(urlPathEqualTo(OPENAI))
            .willReturn(okJson(read("openai/chat.response.tool_calls.recorded.json"))));

    ChatTurn turn =
        registry.withFallback(List.of(SONNET, MINI)).chat(ask("weather?", weatherTool()));

    assertThat(turn.model()).isEqualTo(MINI);
    assertThat(turn.message().toolCalls())
        .extracting(ToolCall::name)
        .containsExactly("get_weather");
    // Priced as the model that answered: 48 × 0.15 + 19 × 0.60 = 18.6 µ$
    assertThat(turn.cost()).isEqualTo(Cost.usd("0.0000186"));
    assertThat(turn.fallbacks()).hasSize(1);
    FallbackEvent event = turn.fallbacks().get(0);
    assertThat(event.from()).isEqualTo(SONNET);
    assertThat(event.to()).isEqualTo(MINI);
    assertThat(event.kind()).isEqualTo(Kind.OVERLOADED);
    assertThat(event.reason()).contains("529");
    assertThat(observed).containsExactly(event);
    wm.verify(exactly(3), postRequestedFor(urlPathEqualTo(ANTHROPIC)));
    wm.verify(
        exactly(1),
        postRequestedFor(urlPathEqualTo(OPENAI))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
            .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("get_weather"))));
  }

  @Test
  void spendLimitFallsBackAtOnceWithoutRetrying() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(OPENAI))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        "{\"error\":{\"message\":\"You exceeded your current quota, please check"
                            + " your plan and billing details.\",\"type\":\"insufficient_quota\","
                            + "\"param\":null,\"code\":\"insufficient_quota\"}}")));
    wm.stubFor(
        post(urlPathEqualTo(ANTHROPIC))
            .willReturn(okJson(read("anthropic/messages.response.end_turn.json"))));

    ChatTurn turn = registry.withFallback(List.of(MINI, SONNET)).chat(ask("hi"));

    assertThat(turn.model()).isEqualTo(SONNET);
    assertThat(turn.fallbacks()).extracting(FallbackEvent::kind).containsExactly(Kind.SPEND_LIMIT);
    assertThat(sleeper.waits).isEmpty();
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo(OPENAI)));
    wm.verify(
        postRequestedFor(urlPathEqualTo(ANTHROPIC))
            .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5"))));
  }

  @Test
  void everyModelFailingThrowsTheLastFailureAfterRecordingEachStep() {
    wm.stubFor(post(urlPathEqualTo(OPENAI)).willReturn(aResponse().withStatus(500)));
    wm.stubFor(post(urlPathEqualTo(OLLAMA)).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> registry.withFallback(List.of(MINI, LOCAL)).chat(ask("hi")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.model()).isEqualTo(LOCAL);
              assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
            });
    assertThat(observed)
        .extracting(FallbackEvent::from, FallbackEvent::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(MINI, LOCAL));
  }

  @Test
  void firstModelAnsweringRecordsNoFallback() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(ANTHROPIC))
            .willReturn(okJson(read("anthropic/messages.response.end_turn.json"))));

    ChatTurn turn = registry.withFallback(List.of(SONNET, MINI)).chat(ask("hi"));

    assertThat(turn.model()).isEqualTo(SONNET);
    assertThat(turn.fallbacks()).isEmpty();
    assertThat(observed).isEmpty();
    wm.verify(exactly(0), postRequestedFor(urlPathEqualTo(OPENAI)));
  }

  @Test
  void cancellationIsNeverAReasonToFallBack() {
    ModelRegistry interrupted =
        LlmFixtures.registry(wm.baseUrl(), Map.of())
            .sleeper(
                d -> {
                  throw new InterruptedException();
                })
            .fallbackObserver(observed::add)
            .build();
    wm.stubFor(post(urlPathEqualTo(OPENAI)).willReturn(aResponse().withStatus(500)));
    wm.stubFor(
        post(urlPathEqualTo(ANTHROPIC))
            .willReturn(okJson(read("anthropic/messages.response.end_turn.json"))));

    try {
      assertThatThrownBy(() -> interrupted.withFallback(List.of(MINI, SONNET)).chat(ask("hi")))
          .isInstanceOfSatisfying(
              ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
    } finally {
      Thread.interrupted();
    }
    assertThat(observed).isEmpty();
    wm.verify(exactly(0), postRequestedFor(urlPathEqualTo(ANTHROPIC)));
  }

  @Test
  void aChainIsValidatedWholeBeforeItsFirstCall() {
    ModelRegistry noAnthropicKey =
        LlmFixtures.registry(wm.baseUrl(), Map.of("ANTHROPIC_API_KEY", "")).build();

    assertThatThrownBy(() -> noAnthropicKey.withFallback(List.of(MINI, SONNET)))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo("ANTHROPIC_API_KEY"));
    assertThat(wm.getAllServeEvents()).isEmpty();
  }
}
