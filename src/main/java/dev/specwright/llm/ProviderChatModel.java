package dev.specwright.llm;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.List;

/**
 * One model at one provider, called once through a LangChain4j chat model (whose own retries are
 * off: {@link RetryingChatModel} does them, in one place). Maps the request and the answer, prices
 * the usage from the catalog, and turns every failure into a classified {@link ModelException}.
 */
final class ProviderChatModel implements ChatModel {

  /**
   * Anthropic needs {@code max_tokens} on every request; used when neither caller nor catalog say.
   */
  static final int DEFAULT_MAX_OUTPUT_TOKENS = 8192;

  private final ModelRef ref;
  private final Provider provider;
  private final dev.langchain4j.model.chat.ChatModel delegate;
  private final ModelCatalog catalog;
  private final ProviderFailures failures;

  ProviderChatModel(
      ModelRef ref,
      Provider provider,
      dev.langchain4j.model.chat.ChatModel delegate,
      ModelCatalog catalog,
      ProviderFailures failures) {
    this.ref = ref;
    this.provider = provider;
    this.delegate = delegate;
    this.catalog = catalog;
    this.failures = failures;
  }

  @Override
  public ChatTurn chat(ChatRequest request) throws ModelException {
    dev.langchain4j.model.chat.request.ChatRequest lc;
    try {
      lc = toLangChain(request);
    } catch (IllegalArgumentException e) {
      throw new ModelException(
          ModelException.Kind.BAD_REQUEST, ref, ref + ": " + e.getMessage(), e);
    }
    ChatResponse response;
    try {
      response = delegate.chat(lc);
    } catch (RuntimeException e) {
      throw failures.classify(ref, e);
    }
    if (response == null || response.aiMessage() == null) {
      throw new ModelException(
          ModelException.Kind.MALFORMED_RESPONSE, ref, ref + ": the response held no message");
    }
    Usage usage = LangChainMapping.usage(response.tokenUsage());
    return new ChatTurn(
        LangChainMapping.assistant(response.aiMessage()),
        LangChainMapping.stopReason(response),
        usage,
        catalog.cost(ref, usage),
        ref);
  }

  private dev.langchain4j.model.chat.request.ChatRequest toLangChain(ChatRequest request) {
    boolean anthropic = provider.api() == Provider.Api.ANTHROPIC;
    List<dev.langchain4j.agent.tool.ToolSpecification> tools =
        request.tools().stream().map(LangChainMapping::tool).toList();
    Integer maxTokens = request.maxOutputTokens() > 0 ? request.maxOutputTokens() : null;
    if (maxTokens == null && anthropic) {
      maxTokens =
          catalog
              .find(ref)
              .flatMap(
                  i ->
                      i.maxOutputTokens().isPresent()
                          ? java.util.Optional.of(i.maxOutputTokens().getAsInt())
                          : java.util.Optional.empty())
              .map(n -> Math.min(n, DEFAULT_MAX_OUTPUT_TOKENS))
              .orElse(DEFAULT_MAX_OUTPUT_TOKENS);
    }
    ChatRequestParameters parameters;
    if (provider.name().equals("openai")) {
      // OpenAI's reasoning models refuse max_tokens and want max_completion_tokens.
      parameters =
          OpenAiChatRequestParameters.builder()
              .toolSpecifications(tools.isEmpty() ? null : tools)
              .maxCompletionTokens(maxTokens)
              .build();
    } else {
      parameters =
          DefaultChatRequestParameters.builder()
              .toolSpecifications(tools.isEmpty() ? null : tools)
              .maxOutputTokens(maxTokens)
              .build();
    }
    return dev.langchain4j.model.chat.request.ChatRequest.builder()
        .messages(LangChainMapping.messages(request, anthropic))
        .parameters(parameters)
        .build();
  }

  @Override
  public String toString() {
    return ref.toString();
  }
}
