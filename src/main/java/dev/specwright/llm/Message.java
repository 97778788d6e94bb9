package dev.specwright.llm;

import java.util.List;

/** A message in a conversation, in a form independent of any provider. */
public sealed interface Message {

  /** Text from the user (the task, or a nudge from the loop). */
  record User(String text) implements Message {}

  /** The model's reply: text, tool calls, or both. */
  record Assistant(String text, List<ToolCall> toolCalls) implements Message {
    public Assistant {
      text = text == null ? "" : text;
      toolCalls = List.copyOf(toolCalls);
    }

    public boolean hasToolCalls() {
      return !toolCalls.isEmpty();
    }
  }

  /** The result of one tool call, sent back to the model. */
  record ToolResult(String toolCallId, String toolName, String content, boolean isError)
      implements Message {}
}
