package dev.specwright.llm;

import java.util.Optional;

/**
 * A place models are served from: Anthropic's Messages API, or a server speaking OpenAI's Chat
 * Completions API (OpenAI itself, Ollama, vLLM, llama.cpp, OpenRouter, LM Studio, …).
 *
 * @param name the provider part of {@code provider:model}
 * @param api which wire protocol the server speaks
 * @param baseUrl where the API lives, ending before {@code /messages} or {@code /chat/completions}
 * @param apiKey the key, when one is set; never logged (see {@link #toString()})
 * @param keySetting the environment variable that holds the key, named in error messages
 * @param keyRequired whether a call without a key is certain to fail
 */
public record Provider(
    String name,
    Api api,
    String baseUrl,
    Optional<String> apiKey,
    String keySetting,
    boolean keyRequired) {

  /** The wire protocol a provider speaks. */
  public enum Api {
    ANTHROPIC,
    OPENAI
  }

  /** Without the key, so that a provider can be logged. */
  @Override
  public String toString() {
    return name
        + " ("
        + api.name().toLowerCase(java.util.Locale.ROOT)
        + " API at "
        + baseUrl
        + (apiKey.isPresent() ? ", key set" : ", no key")
        + ")";
  }
}
