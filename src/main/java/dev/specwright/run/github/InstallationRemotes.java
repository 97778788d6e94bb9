package dev.specwright.run.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.github.GitHubClients;
import dev.specwright.github.InstallationClient;
import dev.specwright.run.RepoRef;
import dev.specwright.run.workspace.GitWorkspaces.Remote;
import dev.specwright.workspace.GitCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * Where a repository's git remote is, as GitHub reports it: {@code clone_url} and {@code
 * default_branch} from {@code GET /repos/{owner}/{repo}} (so GitHub Enterprise Server and local
 * test servers work), with credentials that fetch a fresh installation token for each fetch and
 * push. The token is handed to JGit only; it is never part of the URL.
 */
public final class InstallationRemotes implements Function<RepoRef, Remote> {

  private final GitHubClients clients;

  public InstallationRemotes(GitHubClients clients) {
    this.clients = clients;
  }

  @Override
  public Remote apply(RepoRef repo) {
    InstallationClient client = clients.installation(repo.installationId());
    JsonNode r;
    try {
      r =
          client
              .rest()
              .get(
                  "repos/"
                      + GitHubRunPorts.seg(repo.owner())
                      + "/"
                      + GitHubRunPorts.seg(repo.name()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String cloneUrl = r.path("clone_url").asText("");
    if (cloneUrl.isEmpty()) {
      throw new IllegalStateException(repo + ": GitHub reported no clone_url");
    }
    return new Remote(
        cloneUrl,
        r.path("default_branch").asText("main"),
        () -> {
          try {
            return GitCredentials.installationToken(client.gitToken().reveal());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
