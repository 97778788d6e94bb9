package dev.specwright.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.run.RunGitHub.InlineComment;
import dev.specwright.run.RunGitHub.ReviewEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The QA agent's verdict: an event, a body, and inline comments. An {@code APPROVE} becomes a
 * {@code COMMENT} (approving is the human's); an answer that is not valid JSON becomes a comment
 * with the text as its body. Inline comments on lines outside the diff (GitHub would refuse the
 * whole review) are moved into the body.
 */
public record ReviewVerdict(ReviewEvent event, String body, List<InlineComment> comments) {

  private static final StructuredJson JSON = new StructuredJson("/run/review.schema.json");

  public static ReviewVerdict parse(String answer, String diff) {
    StructuredJson.Parsed parsed = JSON.parse(answer);
    if (!(parsed instanceof StructuredJson.Valid valid)) {
      return new ReviewVerdict(
          ReviewEvent.COMMENT,
          answer == null || answer.isBlank() ? "(no review)" : answer,
          List.of());
    }
    JsonNode root = valid.node();
    ReviewEvent event =
        "REQUEST_CHANGES".equals(root.get("event").asText())
            ? ReviewEvent.REQUEST_CHANGES
            : ReviewEvent.COMMENT;
    StringBuilder body = new StringBuilder(root.get("body").asText().strip());
    Map<String, Set<Integer>> commentable = DiffLines.commentableLines(diff);
    List<InlineComment> inline = new ArrayList<>();
    List<String> moved = new ArrayList<>();
    if (root.has("comments")) {
      for (JsonNode c : root.get("comments")) {
        InlineComment ic =
            new InlineComment(
                c.get("path").asText(), c.get("line").asInt(), c.get("body").asText());
        if (commentable.getOrDefault(ic.path(), Set.of()).contains(ic.line())) {
          inline.add(ic);
        } else {
          moved.add("- `" + ic.path() + ":" + ic.line() + "` " + ic.body());
        }
      }
    }
    if (!moved.isEmpty()) {
      body.append("\n\nOn lines outside the diff:\n").append(String.join("\n", moved));
    }
    return new ReviewVerdict(event, body.toString(), List.copyOf(inline));
  }
}
