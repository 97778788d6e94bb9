package dev.specwright.llm;

/**
 * One chat turn with tools: the whole of what the agent loop needs from a model. Implementations
 * wrap a provider (through LangChain4j), add retries and fallback, or replay a script in tests.
 */
@FunctionalInterface
public interface ChatModel {

  /**
   * Sends the conversation and returns the model's next message with its usage.
   *
   * @throws ModelException when the provider fails in a way that retries did not mend
   */
  ChatTurn chat(ChatRequest request) throws ModelException;
}
