package dev.specwright.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link IssueComments} on GitHub's issue comments API. */
public final class GitHubIssueComments implements IssueComments {

  private final GitHubClients clients;

  public GitHubIssueComments(GitHubClients clients) {
    this.clients = clients;
  }

  @Override
  public long post(RepoRef repo, int issueNumber, String body) throws IOException {
    JsonNode n =
        clients
            .installation(repo.installationId())
            .rest()
            .post(path(repo, issueNumber), Map.of("body", body));
    return n.path("id").asLong();
  }

  @Override
  public List<Comment> list(RepoRef repo, int issueNumber) throws IOException {
    GitHubRest rest = clients.installation(repo.installationId()).rest();
    List<Comment> out = new ArrayList<>();
    Optional<String> page = Optional.of(path(repo, issueNumber) + "?per_page=100");
    for (int i = 0; i < 50 && page.isPresent(); i++) {
      GitHubRest.Reply reply = rest.exchange("GET", page.get(), null, Map.of());
      for (JsonNode c : reply.body()) {
        out.add(
            new Comment(
                c.path("id").asLong(),
                c.path("user").path("login").asText(""),
                c.path("body").asText("")));
      }
      page = reply.nextPage();
    }
    return out;
  }

  private static String path(RepoRef repo, int issueNumber) {
    return "repos/"
        + GitHubRepoPermissions.seg(repo.owner())
        + "/"
        + GitHubRepoPermissions.seg(repo.name())
        + "/issues/"
        + issueNumber
        + "/comments";
  }
}
