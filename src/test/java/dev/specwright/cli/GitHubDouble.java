package dev.specwright.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.specwright.github.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One GitHub repository as the REST API shows it, kept in memory and served through WireMock: the
 * objects are the recorded response shapes from {@code fixtures/github/api} with their fields set
 * from the state, so a test can see what Specwright created, edited and reacted to. Pull request
 * heads are read from the bare git repository the run pushes to. Anything it does not know is a 404
 * and recorded in {@link #unknown}.
 */
final class GitHubDouble implements ResponseDefinitionTransformerV2 {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String OWNER = "octo";
  static final String NAME = "widgets";
  static final long INSTALLATION = 4242;
  static final String BOT = "specwright-test[bot]";
  static final String TOKEN = "ghs_doubleInstallationToken0123456789";

  final Map<String, String> roles = new LinkedHashMap<>();
  final Map<String, String> files = new LinkedHashMap<>();
  final Map<Integer, ObjectNode> issues = new LinkedHashMap<>();
  final List<ObjectNode> comments = new CopyOnWriteArrayList<>();
  final List<ObjectNode> pulls = new CopyOnWriteArrayList<>();
  final Map<Integer, List<ObjectNode>> reviews = new LinkedHashMap<>();
  final List<ObjectNode> checkRuns = new CopyOnWriteArrayList<>();
  final List<String> reactions = new CopyOnWriteArrayList<>();
  final List<String> unknown = new CopyOnWriteArrayList<>();
  final List<String> edits = new CopyOnWriteArrayList<>();
  final List<String> replies = new CopyOnWriteArrayList<>();

  /** Parent issue number → the ids (not numbers) of its sub-issues, in the order linked. */
  final Map<Integer, List<Long>> subIssues = new LinkedHashMap<>();

  /** Requests ({@code "POST /issues/7/sub_issues"}) answered once with a 502, as an outage. */
  final List<String> failOnce = new CopyOnWriteArrayList<>();

  /** Every write the double accepted, as {@code "POST /issues"}, in order. */
  final List<String> writes = new CopyOnWriteArrayList<>();

  /** Comments on the diff (reviews' inline comments and replies in their threads), as listed. */
  final List<ObjectNode> reviewComments = new CopyOnWriteArrayList<>();

  final AtomicLong ids = new AtomicLong(9000);
  final Path bareRepo;
  String baseUrl = "http://localhost";

  GitHubDouble(Path bareRepo) {
    this.bareRepo = bareRepo;
  }

  @Override
  public String getName() {
    return "github-double";
  }

  private static ObjectNode fixture(String name) {
    try {
      return (ObjectNode) JSON.readTree(Fixtures.read("github/api/" + name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode user(String login, boolean bot) {
    ObjectNode u = JSON.createObjectNode();
    u.put("login", login).put("id", Math.abs(login.hashCode())).put("type", bot ? "Bot" : "User");
    return u;
  }

  void issue(int number, String title, String body, String author) {
    ObjectNode i = fixture("issue.get");
    i.put("number", number).put("title", title).put("body", body);
    i.set("user", user(author, false));
    i.put("html_url", "https://github.test/" + OWNER + "/" + NAME + "/issues/" + number);
    issues.put(number, i);
  }

  /** A comment by a person, as if written on GitHub. */
  synchronized ObjectNode humanComment(int issue, String login, String body) {
    return addComment(issue, user(login, false), body);
  }

  private synchronized ObjectNode addComment(int issue, ObjectNode user, String body) {
    ObjectNode c = fixture("issue-comment.create");
    long id = ids.incrementAndGet();
    c.put("id", id).put("body", body);
    c.set("user", user);
    c.put("html_url", "https://github.test/" + OWNER + "/" + NAME + "/issues/" + issue + "#c" + id);
    c.put("issue_number_for_test", issue);
    comments.add(c);
    return c;
  }

  /**
   * An inline comment on the diff of {@code pull}, in the shape of GitHub's list of review
   * comments; {@code inReplyTo} is the thread's first comment, or 0 for a new thread.
   */
  synchronized ObjectNode reviewComment(
      int pull,
      long reviewId,
      ObjectNode user,
      String path,
      int line,
      String body,
      long inReplyTo) {
    ObjectNode c;
    try {
      c =
          (ObjectNode)
              JSON.readTree(Fixtures.read("github/api/pull-request-review-comments.list.json"))
                  .get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long id = ids.incrementAndGet();
    c.put("id", id).put("pull_request_review_id", reviewId).put("path", path).put("body", body);
    c.put("line", line).put("side", "RIGHT").put("diff_hunk", "@@ -0,0 +1 @@");
    if (inReplyTo != 0) {
      c.put("in_reply_to_id", inReplyTo);
    }
    c.set("user", user);
    String url = "https://github.test/" + OWNER + "/" + NAME + "/pull/" + pull;
    c.put("html_url", url + "#discussion_r" + id).put("pull_request_url", url);
    c.put("pull_number_for_test", pull);
    reviewComments.add(c);
    return c;
  }

  /**
   * A review submitted by a person on {@code pull}, with inline comments {@code {path, line,
   * body}}; returns the review as the webhook's {@code review} object shows it.
   */
  synchronized ObjectNode humanReview(
      int pull, String login, String state, String body, List<String[]> comments) {
    ObjectNode r = fixture("pull-request-review.submit-event");
    long id = ids.incrementAndGet();
    r.put("id", id).put("state", state).put("body", body);
    r.set("user", user(login, false));
    r.putArray("comments_for_test");
    for (String[] c : comments) {
      reviewComment(pull, id, user(login, false), c[0], Integer.parseInt(c[1]), c[2], 0);
    }
    reviews.computeIfAbsent(pull, n -> new ArrayList<>()).add(r);
    return r;
  }

  List<ObjectNode> commentsOn(int issue) {
    return comments.stream().filter(c -> c.path("issue_number_for_test").asInt() == issue).toList();
  }

  private String headSha(String branch) {
    try (Repository r = new FileRepositoryBuilder().setGitDir(bareRepo.toFile()).build()) {
      ObjectId id = r.resolve("refs/heads/" + branch);
      return id == null ? "0000000000000000000000000000000000000000" : id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ResponseDefinition json(int status, JsonNode body) {
    return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body.toString())
        .build();
  }

  private ResponseDefinition notFound(Request req) {
    unknown.add(req.getMethod() + " " + req.getUrl());
    return json(404, JSON.createObjectNode().put("message", "Not Found"));
  }

  private static Map<String, String> query(String url) {
    Map<String, String> q = new LinkedHashMap<>();
    int i = url.indexOf('?');
    if (i < 0) {
      return q;
    }
    for (String kv : url.substring(i + 1).split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  private static final Pattern REPO = Pattern.compile("/repos/" + OWNER + "/" + NAME + "(/.*)?");

  @Override
  public synchronized ResponseDefinition transform(ServeEvent event) {
    if (event.getResponseDefinition().getStatus() >= 400) {
      return event.getResponseDefinition(); // a test's own stub of a failure stands as it is
    }
    Request req = event.getRequest();
    String method = req.getMethod().getName();
    String url = req.getUrl();
    String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    JsonNode body;
    try {
      String text = req.getBodyAsString();
      body = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      return json(400, JSON.createObjectNode().put("message", "Problems parsing JSON"));
    }
    if (method.equals("POST")
        && path.equals("/app/installations/" + INSTALLATION + "/access_tokens")) {
      ObjectNode t = fixture("installation-token.create");
      t.put("token", TOKEN).put("expires_at", Instant.now().plusSeconds(3600).toString());
      return json(201, t);
    }
    if (method.equals("GET") && path.equals("/app")) {
      ObjectNode a = fixture("app.get");
      a.put("slug", BOT.replace("[bot]", ""));
      return json(200, a);
    }
    if (!("token " + TOKEN).equals(req.getHeader("Authorization")) && !path.equals("/graphql")) {
      return json(401, JSON.createObjectNode().put("message", "Bad credentials"));
    }
    Matcher m = REPO.matcher(path);
    if (!m.matches()) {
      return method.equals("POST") && path.equals("/graphql") ? graphql(body) : notFound(req);
    }
    String rest = m.group(1) == null ? "" : m.group(1);
    String[] p = rest.split("/");
    // p[0] is "" (leading slash)
    if (rest.isEmpty() && method.equals("GET")) {
      ObjectNode r = fixture("repository.get");
      r.put("name", NAME).put("full_name", OWNER + "/" + NAME).put("default_branch", "main");
      r.put("clone_url", bareRepo.toUri().toString());
      return json(200, r);
    }
    if (p.length == 4 && p[1].equals("collaborators") && p[3].equals("permission")) {
      String role = roles.get(p[2]);
      if (role == null) {
        return json(404, JSON.createObjectNode().put("message", "Not Found"));
      }
      ObjectNode perm = fixture("collaborator-permission.admin");
      perm.put("role_name", role)
          .put(
              "permission",
              role.equals("maintain") ? "write" : role.equals("triage") ? "read" : role);
      perm.set("user", user(p[2], false));
      return json(200, perm);
    }
    if (p.length >= 3 && p[1].equals("contents")) {
      String file = rest.substring("/contents/".length());
      String text = files.get(URLDecoder.decode(file, StandardCharsets.UTF_8));
      if (text == null) {
        return json(404, JSON.createObjectNode().put("message", "Not Found"));
      }
      ObjectNode f = JSON.createObjectNode().put("type", "file").put("path", file);
      f.put("encoding", "base64");
      f.put(
          "content", Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
      return json(200, f);
    }
    if (p.length >= 2 && p[1].equals("issues")) {
      return issues(method, p, body, req, query(url));
    }
    if (p.length >= 2 && p[1].equals("pulls")) {
      return pulls(method, p, body, req, query(url));
    }
    if (p.length == 4 && p[1].equals("commits") && p[3].equals("check-runs")) {
      String name = query(url).get("check_name");
      ArrayNode runs = JSON.createArrayNode();
      checkRuns.stream()
          .filter(c -> c.path("head_sha").asText().equals(p[2]))
          .filter(c -> name == null || c.path("name").asText().equals(name))
          .forEach(runs::add);
      ObjectNode list = JSON.createObjectNode().put("total_count", runs.size());
      list.set("check_runs", runs);
      return json(200, list);
    }
    if (p.length == 2 && p[1].equals("check-runs") && method.equals("POST")) {
      ObjectNode c = fixture("check-run.create");
      c.put("id", ids.incrementAndGet());
      c.setAll((ObjectNode) body);
      checkRuns.add(c);
      return json(201, c);
    }
    if (p.length == 3 && p[1].equals("check-runs") && method.equals("PATCH")) {
      for (ObjectNode c : checkRuns) {
        if (c.path("id").asText().equals(p[2])) {
          c.setAll((ObjectNode) body);
          return json(200, c);
        }
      }
    }
    return notFound(req);
  }

  private ResponseDefinition graphql(JsonNode body) {
    String id = body.path("variables").path("id").asText();
    for (ObjectNode pr : pulls) {
      if (pr.path("node_id").asText().equals(id)) {
        pr.put("draft", false);
        edits.add("ready #" + pr.path("number").asInt());
      }
    }
    ObjectNode answer = JSON.createObjectNode();
    answer
        .putObject("data")
        .putObject("markPullRequestReadyForReview")
        .putObject("pullRequest")
        .put("isDraft", false);
    return json(200, answer);
  }

  private ResponseDefinition issues(
      String method, String[] p, JsonNode body, Request req, Map<String, String> query) {
    String call = method + " " + String.join("/", p);
    if (failOnce.remove(call)) {
      return json(502, JSON.createObjectNode().put("message", "Server Error"));
    }
    if (!method.equals("GET")) {
      writes.add(call);
    }
    if (p.length == 2 && method.equals("GET")) {
      // GET /issues lists issues and pull requests alike, newest first when asked
      String state = query.getOrDefault("state", "open");
      String creator = query.get("creator");
      ArrayNode list = JSON.createArrayNode();
      List<ObjectNode> all = new ArrayList<>(issues.values());
      if ("desc".equals(query.get("direction"))) {
        java.util.Collections.reverse(all);
      }
      for (ObjectNode i : all) {
        if ((state.equals("all") || i.path("state").asText().equals(state))
            && (creator == null || i.path("user").path("login").asText().equals(creator))) {
          list.add(i);
        }
      }
      return json(200, list);
    }
    if (p.length == 2 && method.equals("POST")) {
      ObjectNode i = fixture("issue.create");
      int number = Math.max(200, issues.keySet().stream().mapToInt(n -> n).max().orElse(0)) + 1;
      i.put("id", ids.incrementAndGet()).put("number", number).put("state", "open");
      i.put("title", body.path("title").asText()).put("body", body.path("body").asText());
      i.set("user", user(BOT, true));
      i.put("html_url", "https://github.test/" + OWNER + "/" + NAME + "/issues/" + number);
      issues.put(number, i);
      return json(201, i);
    }
    if (p.length == 4 && p[3].equals("sub_issues")) {
      int parent = Integer.parseInt(p[2]);
      if (!issues.containsKey(parent)) {
        return notFound(req);
      }
      List<Long> linked = subIssues.computeIfAbsent(parent, n -> new ArrayList<>());
      if (method.equals("GET")) {
        ArrayNode list = JSON.createArrayNode();
        for (long id : linked) {
          issues.values().stream()
              .filter(i -> i.path("id").asLong() == id)
              .findFirst()
              .ifPresent(list::add);
        }
        return json(200, list);
      }
      if (method.equals("POST")) {
        long id = body.path("sub_issue_id").asLong();
        ObjectNode child =
            issues.values().stream()
                .filter(i -> i.path("id").asLong() == id)
                .findFirst()
                .orElse(null);
        if (child == null) {
          // what GitHub answers for an issue number passed as sub_issue_id
          return json(404, JSON.createObjectNode().put("message", "Not Found"));
        }
        if (subIssues.values().stream().anyMatch(l -> l.contains(id))) {
          return json(
              422,
              JSON.createObjectNode()
                  .put("message", "Validation Failed: An issue can only have one parent"));
        }
        linked.add(id);
        return json(201, issues.get(parent));
      }
    }
    if (p.length == 5 && p[2].equals("comments") && p[4].equals("reactions")) {
      reactions.add(body.path("content").asText() + " on comment " + p[3]);
      return json(
          201,
          JSON.createObjectNode()
              .put("id", ids.incrementAndGet())
              .put("content", body.path("content").asText()));
    }
    if (p.length == 4 && p[2].equals("comments") && method.equals("PATCH")) {
      for (ObjectNode c : comments) {
        if (c.path("id").asText().equals(p[3])) {
          c.put("body", body.path("body").asText());
          edits.add("comment " + p[3]);
          return json(200, c);
        }
      }
      return notFound(req);
    }
    if (p.length < 3) {
      return notFound(req);
    }
    int number = Integer.parseInt(p[2]);
    if (p.length == 3 && method.equals("GET")) {
      ObjectNode i = issues.get(number);
      return i == null ? notFound(req) : json(200, i);
    }
    if (p.length == 4 && p[3].equals("comments")) {
      if (method.equals("GET")) {
        ArrayNode list = JSON.createArrayNode();
        commentsOn(number).forEach(list::add);
        return json(200, list);
      }
      if (method.equals("POST")) {
        return json(201, addComment(number, user(BOT, true), body.path("body").asText()));
      }
    }
    return notFound(req);
  }

  private ResponseDefinition pulls(
      String method, String[] p, JsonNode body, Request req, Map<String, String> query) {
    if (p.length == 2 && method.equals("GET")) {
      String head = query.getOrDefault("head", "");
      ArrayNode list = JSON.createArrayNode();
      for (ObjectNode pr : pulls) {
        String full = OWNER + ":" + pr.path("head").path("ref").asText();
        if ((head.isEmpty() || head.equals(full)) && pr.path("state").asText().equals("open")) {
          ((ObjectNode) pr.get("head")).put("sha", headSha(pr.path("head").path("ref").asText()));
          list.add(pr);
        }
      }
      return json(200, list);
    }
    if (p.length == 2 && method.equals("POST")) {
      String head = body.path("head").asText();
      for (ObjectNode pr : pulls) {
        if (pr.path("head").path("ref").asText().equals(head)
            && pr.path("state").asText().equals("open")) {
          return json(
              422,
              JSON.createObjectNode()
                  .put(
                      "message",
                      "Validation Failed: A pull request already exists for "
                          + OWNER
                          + ":"
                          + head
                          + "."));
        }
      }
      ObjectNode pr = fixture("pull-request.create");
      int number = 100 + pulls.size() + 1;
      pr.put("number", number).put("id", ids.incrementAndGet()).put("node_id", "PR_" + number);
      pr.put("title", body.path("title").asText()).put("body", body.path("body").asText());
      pr.put("draft", body.path("draft").asBoolean(false)).put("state", "open");
      pr.put("html_url", "https://github.test/" + OWNER + "/" + NAME + "/pull/" + number);
      ((ObjectNode) pr.get("head")).put("ref", head).put("sha", headSha(head));
      ((ObjectNode) pr.get("base")).put("ref", body.path("base").asText());
      pr.set("user", user(BOT, true));
      pulls.add(pr);
      return json(201, pr);
    }
    if (p.length < 3) {
      return notFound(req);
    }
    int number = Integer.parseInt(p[2]);
    if (p.length == 6 && p[3].equals("reviews") && p[5].equals("comments")) {
      ArrayNode a = JSON.createArrayNode();
      for (ObjectNode c : reviewComments) {
        if (c.path("pull_number_for_test").asInt() == number
            && c.path("pull_request_review_id").asText().equals(p[4])) {
          a.add(c);
        }
      }
      return json(200, a);
    }
    if (p.length == 4 && p[3].equals("comments") && method.equals("GET")) {
      ArrayNode a = JSON.createArrayNode();
      reviewComments.stream()
          .filter(c -> c.path("pull_number_for_test").asInt() == number)
          .forEach(a::add);
      return json(200, a);
    }
    if (p.length == 6
        && p[3].equals("comments")
        && p[5].equals("replies")
        && method.equals("POST")) {
      replies.add("#" + number + " thread " + p[4] + ": " + body.path("body").asText());
      long root = Long.parseLong(p[4]);
      ObjectNode thread =
          reviewComments.stream()
              .filter(c -> c.path("id").asLong() == root)
              .findFirst()
              .orElse(null);
      return json(
          201,
          reviewComment(
              number,
              0,
              user(BOT, true),
              thread == null ? "" : thread.path("path").asText(),
              thread == null ? 0 : thread.path("line").asInt(),
              body.path("body").asText(),
              root));
    }
    ObjectNode pr =
        pulls.stream().filter(x -> x.path("number").asInt() == number).findFirst().orElse(null);
    if (pr == null) {
      return notFound(req);
    }
    if (p.length == 3 && method.equals("PATCH")) {
      body.properties().forEach(e -> pr.set(e.getKey(), e.getValue()));
      ((ObjectNode) pr.get("head")).put("sha", headSha(pr.path("head").path("ref").asText()));
      edits.add("pull #" + number);
      return json(200, pr);
    }
    if (p.length == 3 && method.equals("GET")) {
      return json(200, pr);
    }
    if (p.length == 4 && p[3].equals("reviews")) {
      List<ObjectNode> list = reviews.computeIfAbsent(number, n -> new ArrayList<>());
      if (method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        list.forEach(a::add);
        return json(200, a);
      }
      if (method.equals("POST")) {
        ObjectNode r = fixture("pull-request-review.create-with-comments");
        r.put("id", ids.incrementAndGet()).put("body", body.path("body").asText());
        String event = body.path("event").asText();
        r.put("state", event.equals("REQUEST_CHANGES") ? "CHANGES_REQUESTED" : "COMMENTED");
        r.set("user", user(BOT, true));
        r.set("comments_for_test", body.path("comments"));
        for (JsonNode c : body.path("comments")) {
          reviewComment(
              number,
              r.path("id").asLong(),
              user(BOT, true),
              c.path("path").asText(),
              c.path("line").asInt(),
              c.path("body").asText(),
              0);
        }
        list.add(r);
        return json(200, r);
      }
    }
    return notFound(req);
  }
}
