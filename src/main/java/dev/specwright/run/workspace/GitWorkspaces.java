package dev.specwright.run.workspace;

import dev.specwright.run.RepoRef;
import dev.specwright.run.Workspaces;
import dev.specwright.workspace.BranchName;
import dev.specwright.workspace.CommitAuthor;
import dev.specwright.workspace.GitCredentials;
import dev.specwright.workspace.Mirror;
import dev.specwright.workspace.RepositoryId;
import dev.specwright.workspace.RepositoryMirrors;
import dev.specwright.workspace.WorkspaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The run's {@link Workspaces} port on real git: one mirror per repository ({@link
 * RepositoryMirrors}), fetched before each checkout, and a cheap checkout per branch sharing the
 * mirror's objects ({@link dev.specwright.workspace.Workspaces}). The remote — clone URL, default
 * branch and credentials — is asked for on every fetch and push, so a server hands a fresh
 * installation token each time and the token never outlives the call.
 */
public final class GitWorkspaces implements Workspaces {

  /** The author of the orchestrator's commits unless another is given. */
  public static final CommitAuthor DEFAULT_AUTHOR =
      new CommitAuthor("Specwright", "specwright@users.noreply.github.com");

  /**
   * Where a repository lives.
   *
   * @param cloneUrl the URL to fetch from and push to, without credentials (a local path works)
   * @param defaultBranch the branch new branches start from and PRs target
   * @param credentials called once per fetch or push, e.g. for a fresh installation token
   */
  public record Remote(
      String cloneUrl, String defaultBranch, Supplier<GitCredentials> credentials) {
    public Remote {
      Objects.requireNonNull(cloneUrl, "cloneUrl");
      Objects.requireNonNull(defaultBranch, "defaultBranch");
      Objects.requireNonNull(credentials, "credentials");
    }

    /** A remote that needs no credentials: a local repository or a test server. */
    public static Remote anonymous(String cloneUrl, String defaultBranch) {
      return new Remote(cloneUrl, defaultBranch, GitCredentials::none);
    }
  }

  private final RepositoryMirrors mirrors;
  private final dev.specwright.workspace.Workspaces checkouts;
  private final Function<RepoRef, Remote> remotes;
  private final CommitAuthor author;

  /**
   * @param dataDir holds {@code mirrors/} and {@code workspaces/}
   * @param remotes the remote of a repository, asked on every fetch and push
   */
  public GitWorkspaces(Path dataDir, Function<RepoRef, Remote> remotes) {
    this(dataDir, remotes, DEFAULT_AUTHOR);
  }

  public GitWorkspaces(Path dataDir, Function<RepoRef, Remote> remotes, CommitAuthor author) {
    this.mirrors = new RepositoryMirrors(dataDir);
    this.checkouts = new dev.specwright.workspace.Workspaces(dataDir);
    this.remotes = Objects.requireNonNull(remotes, "remotes");
    this.author = Objects.requireNonNull(author, "author");
  }

  @Override
  public Workspace prepare(RepoRef repo, String branch) {
    Remote remote = remotes.apply(repo);
    try {
      Mirror mirror = mirrors.sync(id(repo), remote.cloneUrl(), remote.credentials().get());
      var ws = checkouts.create(mirror, BranchName.parse(branch), remote.defaultBranch());
      return new Workspace(repo, ws.directory(), branch, ws.baseBranch());
    } catch (WorkspaceException e) {
      throw new GitWorkspaceException(e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> commitAll(Workspace workspace, String message) {
    try {
      return open(workspace).commitAll(message, author);
    } catch (WorkspaceException e) {
      throw new GitWorkspaceException(e.getMessage(), e);
    }
  }

  @Override
  public String diff(Workspace workspace) {
    try {
      return open(workspace).diffAgainstBase();
    } catch (WorkspaceException e) {
      throw new GitWorkspaceException(e.getMessage(), e);
    }
  }

  @Override
  public String push(Workspace workspace) throws PushRejectedException {
    Remote remote = remotes.apply(workspace.repo());
    var ws = open(workspace);
    try {
      ws.push(remote.cloneUrl(), remote.credentials().get());
      return ws.head();
    } catch (dev.specwright.workspace.PushRejectedException e) {
      throw new PushRejectedException(
          e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + (e.remoteMessage() == null || e.remoteMessage().isBlank()
                  ? ""
                  : ": " + e.remoteMessage()));
    } catch (WorkspaceException e) {
      throw new GitWorkspaceException(e.getMessage(), e);
    }
  }

  @Override
  public void delete(Workspace workspace) {
    Path dir = workspace.dir();
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new GitWorkspaceException("cannot delete workspace " + dir + ": " + e.getMessage(), e);
    }
  }

  private dev.specwright.workspace.Workspace open(Workspace workspace) {
    return checkouts
        .open(id(workspace.repo()), BranchName.parse(workspace.branch()))
        .orElseThrow(
            () ->
                new GitWorkspaceException(
                    "the workspace of " + workspace.branch() + " is gone from " + workspace.dir()));
  }

  private static RepositoryId id(RepoRef repo) {
    return new RepositoryId(repo.owner(), repo.name());
  }

  /** A git operation failed for a reason other than a refused push; the step is retried. */
  public static final class GitWorkspaceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GitWorkspaceException(String message, Throwable cause) {
      super(message, cause);
    }

    GitWorkspaceException(String message) {
      super(message);
    }
  }
}
