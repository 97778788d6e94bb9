package dev.specwright.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the webhook payloads the command layer acts on into {@link WebhookEvent} records. Events
 * and actions it does not act on (including {@code issue_comment.edited}: an edited comment never
 * re-runs its commands) give an empty result; a payload of a handled kind that lacks a required
 * field is a {@link MalformedPayload} naming the field.
 */
public final class WebhookEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookEvents() {}

  /**
   * @param event the {@code X-GitHub-Event} header, e.g. {@code issue_comment}
   * @param payload the raw JSON body
   */
  public static Optional<WebhookEvent> parse(String event, String payload) {
    if (event == null) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload == null ? "" : payload);
    } catch (JsonProcessingException e) {
      throw new MalformedPayload(event + " payload is not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPayload(event + " payload is not a JSON object");
    }
    Fields p = new Fields(event, root);
    String action = root.path("action").asText("");
    return Optional.ofNullable(
        switch (event + "." + action) {
          case "issue_comment.created" -> issueComment(p);
          case "pull_request_review_comment.created" -> reviewThreadComment(p);
          case "pull_request_review.submitted" -> reviewSubmitted(p);
          case "pull_request.closed" -> pullRequestClosed(p);
          case "check_run.rerequested" -> checkRunRerequested(p);
          case "check_suite.rerequested" -> checkSuiteRerequested(p);
          default -> null;
        });
  }

  private static WebhookEvent issueComment(Fields p) {
    // GitHub sends PR conversation comments as issue comments; issue.pull_request marks them.
    boolean onPullRequest = p.node("issue.pull_request").isObject();
    return new WebhookEvent.CommentCreated(
        p.repo(),
        p.integer("issue.number"),
        onPullRequest,
        new CommentSource.IssueComment(p.number("comment.id")),
        p.actor("comment.user"),
        p.text("comment.body"),
        p.actor("sender"));
  }

  private static WebhookEvent reviewThreadComment(Fields p) {
    long id = p.number("comment.id");
    JsonNode inReplyTo = p.node("comment.in_reply_to_id");
    long root = inReplyTo.canConvertToLong() && inReplyTo.asLong() > 0 ? inReplyTo.asLong() : id;
    return new WebhookEvent.CommentCreated(
        p.repo(),
        p.integer("pull_request.number"),
        true,
        new CommentSource.ReviewThreadComment(id, root),
        p.actor("comment.user"),
        p.text("comment.body"),
        p.actor("sender"));
  }

  private static WebhookEvent reviewSubmitted(Fields p) {
    return new WebhookEvent.ReviewSubmitted(
        p.repo(),
        p.integer("pull_request.number"),
        p.number("review.id"),
        p.required("review.state").asText(),
        p.actor("review.user"),
        p.text("review.body"),
        p.actor("sender"));
  }

  private static WebhookEvent pullRequestClosed(Fields p) {
    return new WebhookEvent.PullRequestClosed(
        p.repo(),
        p.integer("pull_request.number"),
        p.required("pull_request.merged").asBoolean(),
        p.text("pull_request.head.ref"),
        p.actor("sender"));
  }

  private static List<Integer> pullNumbers(JsonNode pullRequests) {
    List<Integer> pulls = new ArrayList<>();
    for (JsonNode pr : pullRequests) {
      if (pr.path("number").canConvertToInt()) {
        pulls.add(pr.path("number").asInt());
      }
    }
    return pulls;
  }

  private static WebhookEvent checkSuiteRerequested(Fields p) {
    return new WebhookEvent.CheckSuiteRerequested(
        p.repo(),
        p.number("check_suite.id"),
        p.node("check_suite.app.id").asLong(0),
        p.text("check_suite.head_branch"),
        p.text("check_suite.head_sha"),
        pullNumbers(p.node("check_suite.pull_requests")),
        p.actor("sender"));
  }

  private static WebhookEvent checkRunRerequested(Fields p) {
    List<Integer> pulls = pullNumbers(p.node("check_run.pull_requests"));
    return new WebhookEvent.CheckRunRerequested(
        p.repo(),
        p.number("check_run.id"),
        p.required("check_run.name").asText(),
        p.node("check_run.app.id").asLong(0),
        p.text("check_run.external_id"),
        p.text("check_run.check_suite.head_branch"),
        p.text("check_run.head_sha"),
        pulls,
        p.actor("sender"));
  }

  /** Dotted-path access to one payload, with errors that name the event and the field. */
  private record Fields(String event, JsonNode root) {

    JsonNode node(String path) {
      JsonNode n = root;
      for (String part : path.split("\\.")) {
        n = n.path(part);
      }
      return n;
    }

    JsonNode required(String path) {
      JsonNode n = node(path);
      if (n.isMissingNode() || n.isNull()) {
        throw new MalformedPayload(event + " payload lacks " + path);
      }
      return n;
    }

    long number(String path) {
      JsonNode n = required(path);
      if (!n.canConvertToLong() || !n.isIntegralNumber()) {
        throw new MalformedPayload(event + " payload has a non-numeric " + path);
      }
      return n.asLong();
    }

    int integer(String path) {
      JsonNode n = required(path);
      if (!n.isIntegralNumber() || !n.canConvertToInt()) {
        throw new MalformedPayload(event + " payload has a non-numeric " + path);
      }
      return n.asInt();
    }

    /** Optional text: null and absent both read as the empty string (a review may have no body). */
    String text(String path) {
      JsonNode n = node(path);
      return n.isTextual() ? n.asText() : "";
    }

    Actor actor(String path) {
      JsonNode n = required(path);
      JsonNode login = n.path("login");
      if (!login.isTextual() || login.asText().isBlank()) {
        throw new MalformedPayload(event + " payload lacks " + path + ".login");
      }
      return new Actor(login.asText(), n.path("type").asText(""));
    }

    RepoRef repo() {
      return new RepoRef(
          node("installation.id").asLong(0),
          required("repository.owner.login").asText(),
          required("repository.name").asText());
    }
  }
}
