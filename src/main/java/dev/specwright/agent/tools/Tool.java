package dev.specwright.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.llm.ToolSpec;

/**
 * One tool the model may call. Arguments arrive already validated against {@link #spec()}'s JSON
 * schema; a call that cannot be done throws {@link ToolException} with a message for the model.
 */
public interface Tool {

  /** The name, description and JSON schema of the arguments, as declared to the model. */
  ToolSpec spec();

  /** Does the call. Interruption (cancellation) propagates; everything else is a tool error. */
  ToolOutput call(JsonNode arguments) throws ToolException, InterruptedException;

  default String name() {
    return spec().name();
  }
}
