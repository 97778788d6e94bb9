package dev.specwright.agent;

import dev.specwright.llm.Cost;
import dev.specwright.llm.ToolCall;
import dev.specwright.llm.Usage;
import java.time.Instant;
import java.util.List;

/**
 * The record of one attempt: its setting, every message, tool call and tool result in order with
 * the usage of each model turn, and how it ended. Stored by a {@link TranscriptSink} only after
 * {@link #scrubbed} has taken out anything that looks like a secret.
 */
public record Transcript(
    String id,
    String label,
    int attempt,
    Role role,
    String task,
    String systemPrompt,
    String workspace,
    Instant startedAt,
    Instant endedAt,
    EndReason endReason,
    String detail,
    String summary,
    int iterations,
    List<String> models,
    Usage usage,
    Cost cost,
    long wallMillis,
    List<Entry> entries) {

  public Transcript {
    models = List.copyOf(models);
    entries = List.copyOf(entries);
  }

  /** What an entry is. */
  public enum Kind {
    /** A user message: the task, or the loop's nudge after a turn without tool calls. */
    USER,
    /** A model turn, with its tool calls, model, usage and cost. */
    ASSISTANT,
    /** The result of one tool call, as the model saw it. */
    TOOL_RESULT
  }

  /**
   * One message. Fields that do not apply to the kind are empty ({@code toolCalls}, {@code
   * toolCallId}, {@code toolName}) or null ({@code model}, {@code usage}, {@code cost}).
   */
  public record Entry(
      int seq,
      int iteration,
      Kind kind,
      String model,
      String text,
      List<ToolCall> toolCalls,
      String toolCallId,
      String toolName,
      boolean isError,
      Usage usage,
      Cost cost) {
    public Entry {
      text = text == null ? "" : text;
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
      toolCallId = toolCallId == null ? "" : toolCallId;
      toolName = toolName == null ? "" : toolName;
    }

    Entry scrubbed(SecretScrubber s) {
      return new Entry(
          seq,
          iteration,
          kind,
          model,
          s.scrub(text),
          toolCalls.stream()
              .map(c -> new ToolCall(c.id(), c.name(), s.scrub(c.argumentsJson())))
              .toList(),
          toolCallId,
          toolName,
          isError,
          usage,
          cost);
    }
  }

  /** A copy with every free text (task, prompt, messages, arguments, results) scrubbed. */
  public Transcript scrubbed(SecretScrubber s) {
    return new Transcript(
        id,
        s.scrub(label),
        attempt,
        role,
        s.scrub(task),
        s.scrub(systemPrompt),
        workspace,
        startedAt,
        endedAt,
        endReason,
        s.scrub(detail),
        s.scrub(summary),
        iterations,
        models,
        usage,
        cost,
        wallMillis,
        entries.stream().map(e -> e.scrubbed(s)).toList());
  }
}
