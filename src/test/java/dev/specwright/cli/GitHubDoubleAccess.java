package dev.specwright.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.extension.Extension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link GitHubDouble} for tests in other packages: its state read as readable lines. */
public final class GitHubDoubleAccess {

  final GitHubDouble gh;

  public GitHubDoubleAccess(Path bareRepo) {
    this.gh = new GitHubDouble(bareRepo);
  }

  public Extension extension() {
    return gh;
  }

  public String owner() {
    return GitHubDouble.OWNER;
  }

  public String name() {
    return GitHubDouble.NAME;
  }

  public long installation() {
    return GitHubDouble.INSTALLATION;
  }

  public String botLogin() {
    return GitHubDouble.BOT;
  }

  public void role(String login, String role) {
    gh.roles.put(login, role);
  }

  public void file(String path, String text) {
    gh.files.put(path, text);
  }

  public void issue(int number, String title, String body, String author) {
    gh.issue(number, title, body, author);
  }

  public void humanComment(int issue, String login, String body) {
    gh.humanComment(issue, login, body);
  }

  public List<String> commentBodies(int issue) {
    return gh.commentsOn(issue).stream().map(c -> c.path("body").asText()).toList();
  }

  public List<String> pullSummaries() {
    return gh.pulls.stream()
        .map(
            p ->
                "#"
                    + p.path("number").asInt()
                    + " "
                    + p.path("title").asText()
                    + " draft="
                    + p.path("draft").asBoolean())
        .toList();
  }

  public List<String> reviewSummaries(int pull) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : gh.reviews.getOrDefault(pull, List.of())) {
      StringBuilder b = new StringBuilder(r.path("state").asText());
      for (JsonNode c : r.path("comments_for_test")) {
        b.append(' ')
            .append(c.path("path").asText())
            .append(':')
            .append(c.path("line").asInt())
            .append(':')
            .append(c.path("side").asText())
            .append(' ')
            .append(c.path("body").asText());
      }
      out.add(b.toString());
    }
    return out;
  }

  public List<String> checkSummaries() {
    return gh.checkRuns.stream()
        .map(
            c ->
                c.path("name").asText()
                    + " "
                    + c.path("status").asText()
                    + " "
                    + c.path("conclusion").asText())
        .toList();
  }

  /** Fails the next such request ({@code "POST /issues/7/sub_issues"}) with a 502. */
  public void failOnce(String request) {
    gh.failOnce.add(request);
  }

  /** Writes to issues the double accepted, e.g. {@code "POST /issues"}, in order. */
  public List<String> issueWrites() {
    return gh.writes;
  }

  /** Every issue other than {@code except}, as {@code "#201 open Title"}. */
  public List<String> issueSummaries(int except) {
    return gh.issues.values().stream()
        .filter(i -> i.path("number").asInt() != except)
        .map(
            i ->
                "#"
                    + i.path("number").asInt()
                    + " "
                    + i.path("state").asText()
                    + " "
                    + i.path("title").asText())
        .toList();
  }

  /** The numbers of the parent's sub-issues, in the order linked. */
  public List<Integer> subIssuesOf(int parent) {
    return gh.subIssues.getOrDefault(parent, List.of()).stream()
        .flatMap(
            id ->
                gh.issues.values().stream()
                    .filter(i -> i.path("id").asLong() == id)
                    .map(i -> i.path("number").asInt()))
        .toList();
  }

  public List<String> reactions() {
    return gh.reactions;
  }

  public List<String> replies() {
    return gh.replies;
  }

  /** The comments on the diff of {@code pull} as {@code id in_reply_to_id user: body}. */
  public List<String> reviewComments(int pull) {
    return gh.reviewComments.stream()
        .filter(c -> c.path("pull_number_for_test").asInt() == pull)
        .map(
            c ->
                c.path("id").asLong()
                    + " "
                    + c.path("in_reply_to_id").asLong(0)
                    + " "
                    + c.path("user").path("login").asText()
                    + ": "
                    + c.path("body").asText())
        .toList();
  }

  /** A person's review with inline comments {@code {path, line, body}}; returns its id. */
  public long humanReview(int pull, String login, String state, List<String[]> comments) {
    return gh.humanReview(pull, login, state, "", comments).path("id").asLong();
  }

  /** A person's reply in a thread of {@code pull}, part of review {@code reviewId} (or 0). */
  public long humanReply(int pull, long reviewId, String login, long thread, String body) {
    return gh.reviewComment(pull, reviewId, GitHubDouble.user(login, false), "", 0, body, thread)
        .path("id")
        .asLong();
  }

  /** A review as the app posted it, with inline comments; returns its id. */
  public long review(int pull, String state, String path, int line, String body) {
    var r = GitHubDouble.JSON.createObjectNode();
    r.put("id", gh.ids.incrementAndGet()).put("state", state).put("body", "");
    r.putArray("comments_for_test")
        .addObject()
        .put("path", path)
        .put("line", line)
        .put("body", body);
    gh.reviews.computeIfAbsent(pull, n -> new ArrayList<>()).add(r);
    gh.reviewComment(
        pull,
        r.path("id").asLong(),
        GitHubDouble.user(GitHubDouble.BOT, true),
        path,
        line,
        body,
        0);
    return r.path("id").asLong();
  }
}
