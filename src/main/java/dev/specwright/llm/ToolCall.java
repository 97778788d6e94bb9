package dev.specwright.llm;

/**
 * A tool call the model asked for. {@code argumentsJson} is the JSON object of arguments as the
 * provider sent it (OpenAI sends a JSON string, Anthropic an object; both arrive here as text).
 */
public record ToolCall(String id, String name, String argumentsJson) {}
