package dev.specwright.run.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.github.GitHubApiException;
import dev.specwright.github.GitHubClients;
import dev.specwright.github.GitHubRest;
import dev.specwright.github.RepoPermissions;
import dev.specwright.run.Permission;
import dev.specwright.run.RepoRef;
import dev.specwright.run.RunGitHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link RunGitHub} over GitHub's REST API, through the installation's authenticated, paced client.
 * Every write looks its object up first by its stable key: a hidden marker in a comment or review
 * body written by the app itself, a PR's head branch, a check run's head sha and name. Comments
 * carrying a marker but written by someone else are never edited (anyone can paste a marker).
 *
 * <p>A draft PR is made ready with GraphQL's {@code markPullRequestReadyForReview} (REST cannot);
 * when that fails the PR stays a draft and the failure is logged, never fatal.
 */
public final class GitHubRunPorts implements RunGitHub {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(GitHubRunPorts.class);

  /**
   * Answers to a thread reply that another try would get again. Not 403: a secondary rate limit
   * that outlasted RateLimitRetry's waits answers 403 too, and passes.
   */
  private static final java.util.Set<Integer> REFUSED_FOR_GOOD = java.util.Set.of(404, 422);

  private final GitHubClients clients;
  private final RepoPermissions permissions;
  private final Supplier<String> botLogin;

  /**
   * @param botLogin the login the app posts as ({@code <slug>[bot]}), to recognise its own comments
   */
  public GitHubRunPorts(
      GitHubClients clients, RepoPermissions permissions, Supplier<String> botLogin) {
    this.clients = clients;
    this.permissions = permissions;
    this.botLogin = botLogin;
  }

  private GitHubRest rest(RepoRef repo) {
    return clients.installation(repo.installationId()).rest();
  }

  private static String base(RepoRef repo) {
    return "repos/" + seg(repo.owner()) + "/" + seg(repo.name());
  }

  static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static dev.specwright.github.RepoRef gh(RepoRef repo) {
    return new dev.specwright.github.RepoRef(repo.installationId(), repo.owner(), repo.name());
  }

  /** Every page of a list endpoint. */
  private static List<JsonNode> list(GitHubRest rest, String path) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    Optional<String> next = Optional.of(path + (path.contains("?") ? "&" : "?") + "per_page=100");
    int pages = 0;
    while (next.isPresent() && pages++ < 50) {
      GitHubRest.Reply reply = rest.exchange("GET", next.get(), null, Map.of());
      reply.body().forEach(all::add);
      next = reply.nextPage();
    }
    return all;
  }

  private boolean isOwn(JsonNode user) {
    String login = user.path("login").asText("");
    String self = botLogin.get();
    return self != null
        && user.path("type").asText("").equalsIgnoreCase("Bot")
        && (login.equalsIgnoreCase(self) || login.equalsIgnoreCase(self + "[bot]"));
  }

  @Override
  public Issue issue(RepoRef repo, int number) {
    try {
      GitHubRest rest = rest(repo);
      JsonNode i = rest.get(base(repo) + "/issues/" + number);
      List<IssueComment> comments = new ArrayList<>();
      Map<String, Permission> seen = new LinkedHashMap<>();
      for (JsonNode c : list(rest, base(repo) + "/issues/" + number + "/comments")) {
        String author = c.path("user").path("login").asText("");
        boolean bot =
            c.path("user").path("type").asText("").equalsIgnoreCase("Bot")
                || author.endsWith("[bot]");
        Permission p =
            bot ? Permission.NONE : seen.computeIfAbsent(author, a -> permission(repo, a));
        comments.add(
            new IssueComment(c.path("id").asLong(), author, p, bot, c.path("body").asText("")));
      }
      String author = i.path("user").path("login").asText("");
      return new Issue(
          number,
          i.path("title").asText(""),
          i.path("body").asText(""),
          author,
          permission(repo, author),
          i.path("html_url").asText(""),
          comments);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Permission permission(RepoRef repo, String user) {
    if (user == null || user.isBlank()) {
      return Permission.NONE;
    }
    try {
      return Permission.valueOf(permissions.permission(gh(repo), user).name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<String> readFile(RepoRef repo, String path) {
    try {
      // Without ?ref GitHub answers from the default branch.
      JsonNode f = rest(repo).get(base(repo) + "/contents/" + encodePath(path));
      if (!f.path("type").asText("").equals("file")) {
        return Optional.empty();
      }
      String content = f.path("content").asText("").replaceAll("\\s", "");
      return Optional.of(new String(Base64.getDecoder().decode(content), StandardCharsets.UTF_8));
    } catch (GitHubApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encodePath(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        parts.add(seg(p));
      }
    }
    return String.join("/", parts);
  }

  @Override
  public CommentRef upsertComment(RepoRef repo, int issue, String marker, String body) {
    try {
      GitHubRest rest = rest(repo);
      for (JsonNode c : list(rest, base(repo) + "/issues/" + issue + "/comments")) {
        if (c.path("body").asText("").contains(marker) && isOwn(c.path("user"))) {
          long id = c.path("id").asLong();
          if (!c.path("body").asText("").equals(body)) {
            rest.call(
                "PATCH", base(repo) + "/issues/comments/" + id, Map.of("body", body), Map.of());
          }
          return new CommentRef(id, c.path("html_url").asText(""));
        }
      }
      JsonNode created =
          rest.post(base(repo) + "/issues/" + issue + "/comments", Map.of("body", body));
      return new CommentRef(created.path("id").asLong(), created.path("html_url").asText(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public PullRequestRef upsertPullRequest(RepoRef repo, PullRequestSpec spec) {
    try {
      GitHubRest rest = rest(repo);
      List<JsonNode> open =
          list(
              rest, base(repo) + "/pulls?state=open&head=" + seg(repo.owner() + ":" + spec.head()));
      if (open.isEmpty()) {
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("title", spec.title());
        create.put("head", spec.head());
        create.put("base", spec.base());
        create.put("body", spec.body());
        create.put("draft", spec.draft());
        JsonNode pr = rest.post(base(repo) + "/pulls", create);
        return ref(pr);
      }
      JsonNode pr = open.get(0);
      int number = pr.path("number").asInt();
      Map<String, Object> update = new LinkedHashMap<>();
      update.put("title", spec.title());
      update.put("body", spec.body());
      JsonNode updated = rest.call("PATCH", base(repo) + "/pulls/" + number, update, Map.of());
      if (pr.path("draft").asBoolean(false) && !spec.draft()) {
        markReady(rest, pr.path("node_id").asText(""), repo, number);
      }
      return ref(updated.isMissingNode() || updated.isNull() ? pr : updated);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PullRequestRef ref(JsonNode pr) {
    return new PullRequestRef(
        pr.path("number").asInt(),
        pr.path("html_url").asText(""),
        pr.path("head").path("sha").asText(""));
  }

  private void markReady(GitHubRest rest, String nodeId, RepoRef repo, int number) {
    try {
      JsonNode answer =
          rest.post(
              "graphql",
              Map.of(
                  "query",
                  "mutation($id:ID!){markPullRequestReadyForReview(input:{pullRequestId:$id})"
                      + "{pullRequest{isDraft}}}",
                  "variables",
                  Map.of("id", nodeId)));
      if (answer.has("errors")) {
        LOG.warn("{}#{} stays a draft: {}", repo, number, answer.path("errors").toString());
      }
    } catch (IOException e) {
      LOG.warn("{}#{} stays a draft: {}", repo, number, e.getMessage());
    }
  }

  @Override
  public ReviewRef ensureReview(
      RepoRef repo,
      int pullRequest,
      String marker,
      ReviewEvent event,
      String body,
      List<InlineComment> comments) {
    try {
      GitHubRest rest = rest(repo);
      for (JsonNode r : list(rest, base(repo) + "/pulls/" + pullRequest + "/reviews")) {
        if (r.path("body").asText("").contains(marker) && isOwn(r.path("user"))) {
          return new ReviewRef(r.path("id").asLong(), r.path("html_url").asText(""));
        }
      }
      List<Map<String, Object>> inline = new ArrayList<>();
      for (InlineComment c : comments) {
        inline.add(Map.of("path", c.path(), "line", c.line(), "side", "RIGHT", "body", c.body()));
      }
      Map<String, Object> review = new LinkedHashMap<>();
      review.put("event", event.name());
      review.put("body", body);
      if (!inline.isEmpty()) {
        review.put("comments", inline);
      }
      JsonNode created;
      try {
        created = rest.post(base(repo) + "/pulls/" + pullRequest + "/reviews", review);
      } catch (GitHubApiException e) {
        if (e.status() != 422 || inline.isEmpty()) {
          throw e;
        }
        // A line outside the diff makes GitHub refuse the whole review: keep the comments in the
        // body instead, so the verdict is never lost.
        StringBuilder text = new StringBuilder(body);
        for (InlineComment c : comments) {
          text.append("\n\n**")
              .append(c.path())
              .append(':')
              .append(c.line())
              .append("** ")
              .append(c.body());
        }
        review.remove("comments");
        review.put("body", text.toString());
        created = rest.post(base(repo) + "/pulls/" + pullRequest + "/reviews", review);
      }
      return new ReviewRef(created.path("id").asLong(), created.path("html_url").asText(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<CommentRef> replyInThread(
      RepoRef repo, int pullRequest, long threadId, String marker, String body) {
    try {
      GitHubRest rest = rest(repo);
      // A replayed step finds its reply by the marker among the thread's replies by the app.
      for (JsonNode c : list(rest, base(repo) + "/pulls/" + pullRequest + "/comments")) {
        if (c.path("in_reply_to_id").asLong(-1) == threadId
            && c.path("body").asText("").contains(marker)
            && isOwn(c.path("user"))) {
          return Optional.of(new CommentRef(c.path("id").asLong(), c.path("html_url").asText("")));
        }
      }
      JsonNode created =
          rest.post(
              base(repo) + "/pulls/" + pullRequest + "/comments/" + threadId + "/replies",
              Map.of("body", body));
      return Optional.of(
          new CommentRef(created.path("id").asLong(), created.path("html_url").asText("")));
    } catch (GitHubApiException e) {
      if (REFUSED_FOR_GOOD.contains(e.status())) {
        return Optional.empty();
      }
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void upsertCheckRun(RepoRef repo, String headSha, CheckRunSpec check) {
    try {
      GitHubRest rest = rest(repo);
      JsonNode found =
          rest.get(
              base(repo)
                  + "/commits/"
                  + seg(headSha)
                  + "/check-runs?check_name="
                  + seg(check.name())
                  + "&filter=latest");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", check.name());
      body.put("status", check.status().toLowerCase(Locale.ROOT));
      check.conclusion().ifPresent(c -> body.put("conclusion", c.toLowerCase(Locale.ROOT)));
      body.put("output", Map.of("title", check.title(), "summary", check.summary()));
      if (check.detailsUrl() != null && !check.detailsUrl().isBlank()) {
        body.put("details_url", check.detailsUrl());
      }
      JsonNode runs = found.path("check_runs");
      if (runs.isArray() && !runs.isEmpty()) {
        rest.call(
            "PATCH", base(repo) + "/check-runs/" + runs.get(0).path("id").asLong(), body, Map.of());
        return;
      }
      body.put("head_sha", headSha);
      rest.post(base(repo) + "/check-runs", body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Looks up before it writes, so that a replay after any failure makes no second issue: first the
   * parent's sub-issues (open or closed: a closed one is still this subtask's), then the app's own
   * open issues carrying the marker (created before a link that failed), and creates only when
   * neither has it. The link names the sub-issue by its {@code id}, not its number.
   */
  @Override
  public int ensureSubIssue(RepoRef repo, int parent, String marker, String title, String body) {
    try {
      GitHubRest rest = rest(repo);
      for (JsonNode s : list(rest, base(repo) + "/issues/" + parent + "/sub_issues")) {
        if (isOwnIssueWith(s, marker)) {
          return s.path("number").asInt();
        }
      }
      JsonNode issue = null;
      String self = botLogin.get();
      if (self != null) {
        String creator = self.endsWith("[bot]") ? self : self + "[bot]";
        for (JsonNode i :
            list(
                rest,
                base(repo)
                    + "/issues?state=open&sort=created&direction=desc&creator="
                    + seg(creator))) {
          if (!i.has("pull_request") && isOwnIssueWith(i, marker)) {
            issue = i;
            break;
          }
        }
      }
      if (issue == null) {
        issue = rest.post(base(repo) + "/issues", Map.of("title", title, "body", body));
      }
      rest.post(
          base(repo) + "/issues/" + parent + "/sub_issues",
          Map.of("sub_issue_id", issue.path("id").asLong()));
      return issue.path("number").asInt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean isOwnIssueWith(JsonNode issue, String marker) {
    return issue.path("body").asText("").contains(marker) && isOwn(issue.path("user"));
  }
}
