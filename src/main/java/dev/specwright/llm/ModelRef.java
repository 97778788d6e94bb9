package dev.specwright.llm;

import java.util.Objects;

/**
 * A model named as {@code provider:model}, e.g. {@code anthropic:claude-sonnet-4-5} or {@code
 * ollama:qwen3-coder}. The model part may itself contain colons ({@code ollama:qwen3:8b}).
 */
public record ModelRef(String provider, String model) {

  public ModelRef {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    if (provider.isBlank() || model.isBlank()) {
      throw new IllegalArgumentException("a model is named provider:model");
    }
  }

  /**
   * Parses {@code provider:model}; throws {@link IllegalArgumentException} with a clear message.
   */
  public static ModelRef parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a model name; write provider:model, e.g. anthropic:claude-sonnet-4-5");
    }
    return new ModelRef(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
  }

  @Override
  public String toString() {
    return provider + ":" + model;
  }
}
