package dev.specwright.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A developer's final answer when it was given review threads: its summary, and per thread it
 * addressed, what it did ({@code {"summary": "...", "threads": [{"id": 1, "reply": "..."}]}}). Only
 * the threads it was given count: an id it invents (or was told by text in the review) is dropped,
 * so an agent can never post into another thread. An answer that is not such JSON is all summary
 * and addresses no thread, so no thread gets a reply it did not earn.
 */
record RevisionAnswer(String summary, Map<Long, String> replies) {

  private static final StructuredJson JSON = new StructuredJson("/run/revision.schema.json");

  RevisionAnswer {
    replies = Map.copyOf(replies);
  }

  static RevisionAnswer parse(String text, Set<Long> offered) {
    if (!(JSON.parse(text) instanceof StructuredJson.Valid valid)) {
      return new RevisionAnswer(text == null ? "" : text, Map.of());
    }
    JsonNode root = valid.node();
    Map<Long, String> replies = new LinkedHashMap<>();
    for (JsonNode t : root.path("threads")) {
      long id = t.get("id").asLong();
      String reply = t.get("reply").asText().strip();
      if (offered.contains(id) && !reply.isEmpty()) {
        replies.putIfAbsent(id, reply);
      }
    }
    return new RevisionAnswer(root.get("summary").asText().strip(), replies);
  }
}
