package dev.specwright.llm;

/**
 * One step down a fallback chain: model {@code from} failed for good with {@code kind} (its message
 * in {@code reason}), and the call moved on to {@code to}.
 */
public record FallbackEvent(ModelRef from, ModelException.Kind kind, String reason, ModelRef to) {

  @Override
  public String toString() {
    return from + " failed (" + kind + ": " + reason + "), fell back to " + to;
  }
}
