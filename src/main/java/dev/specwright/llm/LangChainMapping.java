package dev.specwright.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.anthropic.AnthropicChatResponseMetadata;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates between Specwright's provider-neutral chat types and LangChain4j's: messages, tools
 * (JSON Schema text ↔ {@link JsonObjectSchema}), stop reasons and usage.
 */
final class LangChainMapping {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** LangChain4j marks a message as an Anthropic cache breakpoint with this attribute. */
  private static final String CACHE_CONTROL = "cache_control";

  /** Root keywords a tool's argument schema may carry that LangChain4j's object schema holds. */
  private static final Set<String> OBJECT_KEYS =
      Set.of("type", "description", "properties", "required", "additionalProperties", "$defs");

  private LangChainMapping() {}

  /**
   * The conversation as LangChain4j messages. With {@code cacheLastMessage}, the last user message
   * or tool result is marked as an Anthropic cache breakpoint, so the next turn reads the whole
   * conversation so far from the cache and pays full price only for what is new.
   */
  static List<ChatMessage> messages(ChatRequest request, boolean cacheLastMessage) {
    List<ChatMessage> out = new ArrayList<>();
    if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
      out.add(SystemMessage.from(request.systemPrompt()));
    }
    List<Message> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      boolean last = cacheLastMessage && i == messages.size() - 1;
      Map<String, Object> attributes = last ? Map.of(CACHE_CONTROL, "ephemeral") : Map.of();
      out.add(
          switch (messages.get(i)) {
            case Message.User u ->
                UserMessage.builder()
                    .contents(List.of(dev.langchain4j.data.message.TextContent.from(u.text())))
                    .attributes(attributes)
                    .build();
            case Message.Assistant a -> assistant(a);
            case Message.ToolResult r ->
                ToolExecutionResultMessage.builder()
                    .id(r.toolCallId())
                    .toolName(r.toolName())
                    .text(r.content().isEmpty() ? "(no output)" : r.content())
                    .isError(r.isError() ? Boolean.TRUE : null)
                    .attributes(attributes)
                    .build();
          });
    }
    return out;
  }

  private static AiMessage assistant(Message.Assistant a) {
    List<ToolExecutionRequest> calls =
        a.toolCalls().stream()
            .map(
                c ->
                    ToolExecutionRequest.builder()
                        .id(c.id())
                        .name(c.name())
                        .arguments(c.argumentsJson() == null ? "{}" : c.argumentsJson())
                        .build())
            .toList();
    String text = a.text().isBlank() ? null : a.text();
    return AiMessage.builder().text(text).toolExecutionRequests(calls).build();
  }

  /** A tool for LangChain4j; throws {@link IllegalArgumentException} for an unusable schema. */
  static ToolSpecification tool(ToolSpec spec) {
    Map<String, Object> schema;
    try {
      String text = spec.parametersJsonSchema();
      schema =
          text == null || text.isBlank()
              ? Map.of("type", "object")
              : JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "tool " + spec.name() + ": its parameter schema is not a JSON object", e);
    }
    Object type = schema.get("type");
    if (type != null && !"object".equals(type)) {
      throw new IllegalArgumentException(
          "tool " + spec.name() + ": its parameters must be a JSON Schema of type object");
    }
    // "$schema", "title" and the like say nothing to the model; keep what the object schema holds.
    Map<String, Object> root = new LinkedHashMap<>(schema);
    root.keySet().retainAll(OBJECT_KEYS);
    root.put("type", "object");
    if (root.get("additionalProperties") != null
        && !(root.get("additionalProperties") instanceof Boolean)) {
      root.remove("additionalProperties");
    }
    JsonSchemaElement element = JsonSchemaElementJsonUtils.fromMap(root);
    if (!(element instanceof JsonObjectSchema object)) {
      throw new IllegalArgumentException(
          "tool " + spec.name() + ": its parameters must be a JSON Schema of type object");
    }
    return ToolSpecification.builder()
        .name(spec.name())
        .description(spec.description())
        .parameters(object)
        .build();
  }

  /** The model's reply as our assistant message. */
  static Message.Assistant assistant(AiMessage ai) {
    List<ToolCall> calls = new ArrayList<>();
    if (ai.hasToolExecutionRequests()) {
      for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
        String args = r.arguments() == null || r.arguments().isBlank() ? "{}" : r.arguments();
        calls.add(new ToolCall(r.id(), r.name(), args));
      }
    }
    return new Message.Assistant(ai.text(), calls);
  }

  /**
   * Why the model stopped, from the provider's own word in the raw body ({@code stop_reason} or
   * {@code choices[0].finish_reason}), which says more than LangChain4j's mapped reason.
   */
  static StopReason stopReason(ChatResponse response) {
    String raw = rawStopReason(response);
    StopReason reason =
        switch (raw) {
          case "end_turn", "stop_sequence", "stop" -> StopReason.END_TURN;
          case "tool_use", "tool_calls", "function_call" -> StopReason.TOOL_USE;
          case "max_tokens", "length", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
          case "refusal", "content_filter" -> StopReason.CONTENT_FILTER;
          case "" -> fromFinishReason(response.finishReason());
          default -> StopReason.OTHER;
        };
    // Some OpenAI-compatible servers (older Ollama) say "stop" while returning tool calls.
    if (reason == StopReason.END_TURN && response.aiMessage().hasToolExecutionRequests()) {
      return StopReason.TOOL_USE;
    }
    return reason;
  }

  private static StopReason fromFinishReason(FinishReason reason) {
    if (reason == null) {
      return StopReason.OTHER;
    }
    return switch (reason) {
      case STOP -> StopReason.END_TURN;
      case TOOL_EXECUTION -> StopReason.TOOL_USE;
      case LENGTH -> StopReason.MAX_TOKENS;
      case CONTENT_FILTER -> StopReason.CONTENT_FILTER;
      default -> StopReason.OTHER;
    };
  }

  private static String rawStopReason(ChatResponse response) {
    String body = null;
    if (response.metadata() instanceof AnthropicChatResponseMetadata m
        && m.rawHttpResponse() != null) {
      body = m.rawHttpResponse().body();
    } else if (response.metadata() instanceof OpenAiChatResponseMetadata m
        && m.rawHttpResponse() != null) {
      body = m.rawHttpResponse().body();
    }
    if (body == null) {
      return "";
    }
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode stop = root.path("stop_reason");
      if (stop.isTextual()) {
        return stop.asText();
      }
      return root.path("choices").path(0).path("finish_reason").asText("");
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  /**
   * Usage normalised so that {@code input} never includes cached tokens: Anthropic's {@code
   * input_tokens} already excludes them; OpenAI's {@code prompt_tokens} includes {@code
   * prompt_tokens_details.cached_tokens}, which are taken out and counted as cache reads.
   */
  static Usage usage(TokenUsage usage) {
    if (usage == null) {
      return Usage.ZERO;
    }
    long input = orZero(usage.inputTokenCount());
    long output = orZero(usage.outputTokenCount());
    if (usage instanceof AnthropicTokenUsage a) {
      return new Usage(
          input, output, orZero(a.cacheCreationInputTokens()), orZero(a.cacheReadInputTokens()));
    }
    if (usage instanceof OpenAiTokenUsage o && o.inputTokensDetails() != null) {
      long cached = Math.min(input, orZero(o.inputTokensDetails().cachedTokens()));
      return new Usage(input - cached, output, 0, cached);
    }
    return new Usage(input, output, 0, 0);
  }

  private static long orZero(Integer n) {
    return n == null ? 0 : Math.max(0, n);
  }
}
