package dev.specwright.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.llm.ToolSpec;

/** {@code finish}: the agent says it is done, with a summary; this ends the attempt. */
public final class FinishTool implements Tool {

  public static final String NAME = "finish";

  private static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Call when the task is done (or cannot be done), with a short summary of what you did,"
              + " what you verified, and anything left open. This ends your work.",
          """
          {"type":"object","properties":{
            "summary":{"type":"string","minLength":1,"description":"What was done and verified"}
          },"required":["summary"],"additionalProperties":false}""");

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(JsonNode args) throws ToolException {
    String summary = args.get("summary").asText().strip();
    if (summary.isEmpty()) {
      throw new ToolException("the summary is empty; say what was done");
    }
    return ToolOutput.finish(summary);
  }
}
