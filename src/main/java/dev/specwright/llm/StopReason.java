package dev.specwright.llm;

/** Why the model stopped its turn, mapped from each provider's own word. */
public enum StopReason {
  END_TURN,
  TOOL_USE,
  MAX_TOKENS,
  CONTENT_FILTER,
  OTHER
}
