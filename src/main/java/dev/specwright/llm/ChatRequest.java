package dev.specwright.llm;

import java.util.List;

/**
 * What one turn sends: the system prompt (the stable prefix, cached where the provider allows), the
 * conversation so far, and the tools the model may call.
 */
public record ChatRequest(
    String systemPrompt, List<Message> messages, List<ToolSpec> tools, int maxOutputTokens) {

  public ChatRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
  }
}
