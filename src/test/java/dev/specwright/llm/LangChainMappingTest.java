package dev.specwright.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tool schemas and usage, translated between our types and LangChain4j's. */
class LangChainMappingTest {

  @Test
  void toolSchemaKeepsNestedKeywordsLangChainHasNoTypeFor() {
    ToolSpec spec =
        new ToolSpec(
            "edit_file",
            "Replace text in a file",
            """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "title": "EditArgs",
             "type": "object",
             "properties": {
               "path": {"type": "string", "description": "relative path", "pattern": "^[^/]"},
               "count": {"type": "integer", "minimum": 1},
               "mode": {"enum": ["replace", "append"]},
               "lines": {"type": "array", "items": {"type": "integer"}}
             },
             "required": ["path"]}
            """);

    ToolSpecification tool = LangChainMapping.tool(spec);

    assertThat(tool.name()).isEqualTo("edit_file");
    assertThat(tool.description()).isEqualTo("Replace text in a file");
    JsonObjectSchema parameters = tool.parameters();
    assertThat(parameters.required()).containsExactly("path");
    Map<String, Object> sent = JsonSchemaElementUtils.toMap(parameters);
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) sent.get("properties");
    assertThat(properties).containsOnlyKeys("path", "count", "mode", "lines");
    assertThat(properties.get("path").toString()).contains("pattern=^[^/]");
    assertThat(properties.get("count").toString()).contains("minimum=1");
    assertThat(sent).doesNotContainKeys("$schema", "title");
  }

  @Test
  void toolWithoutParametersGetsAnEmptyObjectSchema() {
    ToolSpecification tool = LangChainMapping.tool(new ToolSpec("finish", "Done", ""));

    assertThat(tool.parameters().properties()).isEmpty();
  }

  @Test
  void toolSchemaThatIsNotAnObjectIsRefusedWithTheToolsName() {
    assertThatThrownBy(
            () -> LangChainMapping.tool(new ToolSpec("bad", "x", "{\"type\": \"string\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad");
    assertThatThrownBy(() -> LangChainMapping.tool(new ToolSpec("worse", "x", "[1, 2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worse");
  }

  static Stream<Arguments> providerUsage() {
    return Stream.of(
        Arguments.of(
            "anthropic: input_tokens already excludes the cache",
            AnthropicTokenUsage.builder()
                .inputTokenCount(50)
                .outputTokenCount(300)
                .cacheCreationInputTokens(4000)
                .cacheReadInputTokens(12000)
                .build(),
            new Usage(50, 300, 4000, 12000)),
        Arguments.of(
            "anthropic: cache fields absent",
            AnthropicTokenUsage.builder().inputTokenCount(656).outputTokenCount(74).build(),
            new Usage(656, 74, 0, 0)),
        Arguments.of(
            "openai: prompt_tokens includes cached_tokens, which are subtracted",
            OpenAiTokenUsage.builder()
                .inputTokenCount(2000)
                .inputTokensDetails(
                    OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(1536).build())
                .outputTokenCount(10)
                .build(),
            new Usage(464, 10, 0, 1536)),
        Arguments.of(
            "openai: no prompt_tokens_details (older servers, Ollama)",
            OpenAiTokenUsage.builder().inputTokenCount(48).outputTokenCount(19).build(),
            new Usage(48, 19, 0, 0)),
        Arguments.of(
            "openai-compatible server claiming more cached than prompt tokens",
            OpenAiTokenUsage.builder()
                .inputTokenCount(10)
                .inputTokensDetails(
                    OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(99).build())
                .outputTokenCount(1)
                .build(),
            new Usage(0, 1, 0, 10)),
        Arguments.of("no usage at all", new TokenUsage(null, null), new Usage(0, 0, 0, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providerUsage")
  void usageIsNormalisedSoInputNeverIncludesCachedTokens(
      String caseName, TokenUsage reported, Usage expected) {
    assertThat(LangChainMapping.usage(reported)).isEqualTo(expected);
  }
}
