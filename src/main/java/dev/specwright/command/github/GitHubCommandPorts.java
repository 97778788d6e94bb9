package dev.specwright.command.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.command.CollaboratorPermissions;
import dev.specwright.command.CommandGitHub;
import dev.specwright.command.Permission;
import dev.specwright.command.RepoRef;
import dev.specwright.command.ReviewComment;
import dev.specwright.github.GitHubClients;
import dev.specwright.github.GitHubRest;
import dev.specwright.github.RepoPermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command layer's GitHub calls over REST (reactions, replies, review comments) and the
 * collaborator permission through the shared, briefly cached {@link RepoPermissions}.
 */
public final class GitHubCommandPorts implements CommandGitHub, CollaboratorPermissions {

  private final GitHubClients clients;
  private final RepoPermissions permissions;

  public GitHubCommandPorts(GitHubClients clients, RepoPermissions permissions) {
    this.clients = clients;
    this.permissions = permissions;
  }

  private GitHubRest rest(RepoRef repo) {
    return clients.installation(repo.installationId()).rest();
  }

  private static String base(RepoRef repo) {
    return "repos/" + seg(repo.owner()) + "/" + seg(repo.name());
  }

  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode post(GitHubRest rest, String path, Object body) {
    try {
      return rest.post(path, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void reactToIssueComment(RepoRef repo, long commentId, String reaction) {
    post(
        rest(repo),
        base(repo) + "/issues/comments/" + commentId + "/reactions",
        Map.of("content", reaction));
  }

  @Override
  public void reactToReviewComment(RepoRef repo, long commentId, String reaction) {
    post(
        rest(repo),
        base(repo) + "/pulls/comments/" + commentId + "/reactions",
        Map.of("content", reaction));
  }

  @Override
  public void commentOnIssue(RepoRef repo, int number, String body) {
    post(rest(repo), base(repo) + "/issues/" + number + "/comments", Map.of("body", body));
  }

  @Override
  public void replyToReviewComment(RepoRef repo, int pullNumber, long threadRootId, String body) {
    post(
        rest(repo),
        base(repo) + "/pulls/" + pullNumber + "/comments/" + threadRootId + "/replies",
        Map.of("body", body));
  }

  @Override
  public List<ReviewComment> reviewComments(RepoRef repo, int pullNumber, long reviewId) {
    List<ReviewComment> out = new ArrayList<>();
    try {
      JsonNode list =
          rest(repo)
              .get(
                  base(repo)
                      + "/pulls/"
                      + pullNumber
                      + "/reviews/"
                      + reviewId
                      + "/comments?per_page=100");
      for (JsonNode c : list) {
        int line = c.path("line").asInt(c.path("original_line").asInt(0));
        out.add(
            new ReviewComment(
                c.path("id").asLong(),
                c.path("in_reply_to_id").asLong(c.path("id").asLong()),
                c.path("path").asText(""),
                line,
                c.path("diff_hunk").asText(""),
                c.path("body").asText("")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public Permission permission(RepoRef repo, String login) {
    try {
      return Permission.fromGitHub(
          permissions
              .permission(
                  new dev.specwright.github.RepoRef(
                      repo.installationId(), repo.owner(), repo.name()),
                  login)
              .name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
