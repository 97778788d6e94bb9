package dev.specwright.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.specwright.llm.ChatModel;
import dev.specwright.llm.ChatRequest;
import dev.specwright.llm.ChatTurn;
import dev.specwright.llm.Cost;
import dev.specwright.llm.Message;
import dev.specwright.llm.ModelException;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.StopReason;
import dev.specwright.llm.ToolCall;
import dev.specwright.llm.Usage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A deterministic model for tests: it plays a script of turns, one per call, and records every
 * request it received. Reusable by any package's tests. Each turn reports {@link #usage} and {@link
 * #cost} unless the step says otherwise; tool call ids are filled in as {@code call-1}, {@code
 * call-2}, …
 *
 * <pre>{@code
 * var model = ScriptedChatModel.of(
 *     calls(call("read_file", "path", "README.md")),
 *     calls(call("edit_file", "path", "README.md", "old_text", "a", "new_text", "b")),
 *     finish("changed a to b"));
 * }</pre>
 */
public final class ScriptedChatModel implements ChatModel {

  public static final ModelRef REF = new ModelRef("scripted", "test-model");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One scripted answer; may look at the request, throw, or block (to test cancellation). */
  @FunctionalInterface
  public interface Step {
    Message.Assistant answer(ChatRequest request) throws ModelException;
  }

  private final List<Step> steps;
  private final IntFunction<Step> afterScript;
  private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private Usage usage = new Usage(100, 20, 0, 0);
  private Cost cost = Cost.usd("0.001");
  private ModelRef ref = REF;

  private ScriptedChatModel(List<Step> steps, IntFunction<Step> afterScript) {
    this.steps = List.copyOf(steps);
    this.afterScript = afterScript;
  }

  /** Plays the steps in order; a call past the end fails the test with a clear message. */
  public static ScriptedChatModel of(Step... steps) {
    return new ScriptedChatModel(
        Arrays.asList(steps),
        n -> {
          throw new AssertionError("the scripted model was called " + (n + 1) + " times");
        });
  }

  /** Answers call n (0-based) with {@code step.apply(n)}, for as long as the loop asks. */
  public static ScriptedChatModel looping(IntFunction<Step> step) {
    return new ScriptedChatModel(List.of(), step);
  }

  public ScriptedChatModel withUsage(Usage u) {
    this.usage = u;
    return this;
  }

  public ScriptedChatModel withCost(Cost c) {
    this.cost = c;
    return this;
  }

  public ScriptedChatModel named(ModelRef r) {
    this.ref = r;
    return this;
  }

  @Override
  public ChatTurn chat(ChatRequest request) throws ModelException {
    int n = requests.size();
    requests.add(request);
    Step step = n < steps.size() ? steps.get(n) : afterScript.apply(n);
    Message.Assistant reply = step.answer(request);
    List<ToolCall> withIds =
        reply.toolCalls().stream()
            .map(
                c ->
                    c.id() == null
                        ? new ToolCall("call-" + ids.incrementAndGet(), c.name(), c.argumentsJson())
                        : c)
            .toList();
    return new ChatTurn(
        new Message.Assistant(reply.text(), withIds),
        withIds.isEmpty() ? StopReason.END_TURN : StopReason.TOOL_USE,
        usage,
        cost,
        ref);
  }

  /** Every request received, in order. */
  public List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  public int calls() {
    return requests.size();
  }

  // ---- building scripts ----

  /** A turn that calls these tools. */
  public static Step calls(ToolCall... calls) {
    Message.Assistant m = new Message.Assistant("", List.of(calls));
    return r -> m;
  }

  /** A turn with text and tool calls. */
  public static Step saysAndCalls(String text, ToolCall... calls) {
    Message.Assistant m = new Message.Assistant(text, List.of(calls));
    return r -> m;
  }

  /** A turn with text only, no tool call. */
  public static Step says(String text) {
    Message.Assistant m = new Message.Assistant(text, List.of());
    return r -> m;
  }

  /** A turn that calls {@code finish}. */
  public static Step finish(String summary) {
    return calls(call("finish", "summary", summary));
  }

  /** A call that fails for good. */
  public static Step fails(ModelException.Kind kind, String message) {
    return r -> {
      throw new ModelException(kind, REF, message);
    };
  }

  /** A tool call whose arguments are built from key/value pairs as a JSON object. */
  public static ToolCall call(String tool, Object... keyValues) {
    Map<String, Object> args = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      args.put((String) keyValues[i], keyValues[i + 1]);
    }
    try {
      return new ToolCall(null, tool, JSON.writeValueAsString(args));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A tool call with exactly these argument characters (for malformed JSON). */
  public static ToolCall rawCall(String tool, String argumentsJson) {
    return new ToolCall(null, tool, argumentsJson);
  }

  /** The tool results in a request, in order. */
  public static List<Message.ToolResult> toolResults(ChatRequest request) {
    return request.messages().stream()
        .filter(Message.ToolResult.class::isInstance)
        .map(Message.ToolResult.class::cast)
        .toList();
  }

  /** The last tool result in a request. */
  public static Message.ToolResult lastToolResult(ChatRequest request) {
    List<Message.ToolResult> all = toolResults(request);
    if (all.isEmpty()) {
      throw new AssertionError("the request has no tool result");
    }
    return all.get(all.size() - 1);
  }
}
