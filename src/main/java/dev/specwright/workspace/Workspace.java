package dev.specwright.workspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * One subtask's checkout: a working tree on its own branch whose {@code .git} borrows the mirror's
 * objects. The agent edits files here (through its tools and the sandbox); the orchestrator
 * commits, diffs and pushes from here, and deletes it when the subtask stops running.
 */
public final class Workspace {

  /** One lock per local repository pushed into; see {@link #localPushTurn}. */
  private static final ConcurrentHashMap<String, ReentrantLock> LOCAL_PUSHES =
      new ConcurrentHashMap<>();

  private final Path directory;
  private final RepositoryId repository;
  private final BranchName branch;
  private final String baseBranch;
  private final ObjectId baseCommit;

  Workspace(
      Path directory,
      RepositoryId repository,
      BranchName branch,
      String baseBranch,
      ObjectId baseCommit) {
    this.directory = directory;
    this.repository = repository;
    this.branch = branch;
    this.baseBranch = baseBranch;
    this.baseCommit = baseCommit;
  }

  /** The working tree (the sandbox's writable directory). */
  public Path directory() {
    return directory;
  }

  public RepositoryId repository() {
    return repository;
  }

  public BranchName branch() {
    return branch;
  }

  public String baseBranch() {
    return baseBranch;
  }

  /** The base branch's tip when this workspace was made. */
  public String baseCommit() {
    return baseCommit.name();
  }

  /** The commit the branch points at now. */
  public String head() throws WorkspaceException {
    try (Git git = open()) {
      return git.getRepository().resolve("HEAD").name();
    } catch (IOException e) {
      throw new WorkspaceException("cannot read HEAD of " + branch, e);
    }
  }

  /**
   * Stages every change (new, modified, deleted; what {@code .gitignore} ignores stays out) and
   * commits it as {@code author}. Hooks are not run.
   *
   * @return the new commit's id, or empty when there was nothing to commit
   */
  public Optional<String> commitAll(String message, CommitAuthor author) throws WorkspaceException {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("the commit message is empty");
    }
    try (Git git = open()) {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      Status status = git.status().call();
      if (status.getAdded().isEmpty()
          && status.getChanged().isEmpty()
          && status.getRemoved().isEmpty()) {
        return Optional.empty();
      }
      PersonIdent who =
          new PersonIdent(author.name(), author.email(), Instant.now(), ZoneOffset.UTC);
      RevCommit commit =
          git.commit()
              .setMessage(message)
              .setAuthor(who)
              .setCommitter(who)
              .setNoVerify(true)
              .setSign(false)
              .call();
      return Optional.of(commit.name());
    } catch (GitAPIException | IOException e) {
      throw new WorkspaceException("commit on " + branch + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The unified diff of the branch against where it left the base branch (their merge base), with
   * renames detected: what a pull request shows. Uncommitted changes are not included.
   */
  public String diffAgainstBase() throws WorkspaceException {
    try (Git git = open();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DiffFormatter formatter = new DiffFormatter(out)) {
      formatter.setRepository(git.getRepository());
      formatter.setDetectRenames(true);
      List<DiffEntry> entries = entries(git.getRepository(), formatter);
      formatter.format(entries);
      formatter.flush();
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new WorkspaceException("diff of " + branch + " failed: " + e.getMessage(), e);
    }
  }

  /** Paths changed on the branch since its merge base with the base branch, sorted. */
  public List<String> changedFiles() throws WorkspaceException {
    try (Git git = open();
        DiffFormatter formatter = new DiffFormatter(java.io.OutputStream.nullOutputStream())) {
      formatter.setRepository(git.getRepository());
      formatter.setDetectRenames(true);
      TreeSet<String> paths = new TreeSet<>();
      for (DiffEntry e : entries(git.getRepository(), formatter)) {
        paths.add(
            e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath());
      }
      return new ArrayList<>(paths);
    } catch (IOException e) {
      throw new WorkspaceException("diff of " + branch + " failed: " + e.getMessage(), e);
    }
  }

  private List<DiffEntry> entries(Repository repo, DiffFormatter formatter) throws IOException {
    try (RevWalk walk = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader()) {
      RevCommit head = walk.parseCommit(repo.resolve("HEAD"));
      RevCommit base = walk.parseCommit(baseCommit);
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(head);
      walk.markStart(base);
      RevCommit mergeBase = walk.next();
      CanonicalTreeParser from = new CanonicalTreeParser();
      CanonicalTreeParser to = new CanonicalTreeParser();
      walk.reset();
      walk.setRevFilter(RevFilter.ALL);
      from.reset(reader, walk.parseCommit(mergeBase == null ? base : mergeBase).getTree());
      to.reset(reader, head.getTree());
      return formatter.scan(from, to);
    }
  }

  /**
   * Pushes the branch to {@code remoteUrl}, never forcing. The remote URL and credentials are used
   * for this call only.
   *
   * @throws PushRejectedException when the remote refuses (non-fast-forward, a hook or branch
   *     protection, refused credentials)
   */
  public void push(String remoteUrl, GitCredentials credentials) throws WorkspaceException {
    RepositoryMirrors.checkUrl(remoteUrl);
    Optional<ReentrantLock> turn = localPushTurn(remoteUrl);
    if (turn.isEmpty()) {
      pushNow(remoteUrl, credentials);
      return;
    }
    turn.get().lock();
    try {
      pushNow(remoteUrl, credentials);
    } finally {
      turn.get().unlock();
    }
  }

  /**
   * Pushes into one repository on this machine (a local run's) take turns: JGit updating a local
   * repository creates a new ref's directories, and its reflog's, without retrying a race, so two
   * branches created at once under one new directory can fail with "lock error: …/logs/refs/heads/…
   * (No such file or directory)". Reproduced with JGit 7.8 in 1 pair of pushes in 150; a local run
   * pushes its subtasks' branches, all under {@code specwright/<n>-<slug>/}, in parallel. A server
   * has its own locking, so pushes over the network do not wait for each other.
   */
  private static Optional<ReentrantLock> localPushTurn(String remoteUrl) {
    if (!remoteUrl.startsWith("/") && !remoteUrl.startsWith("file:")) {
      return Optional.empty();
    }
    String path = remoteUrl.replaceFirst("^file:(//)?", "");
    return Optional.of(
        LOCAL_PUSHES.computeIfAbsent(
            Path.of(path).toAbsolutePath().normalize().toString(), k -> new ReentrantLock()));
  }

  private void pushNow(String remoteUrl, GitCredentials credentials) throws WorkspaceException {
    String ref = branch.ref();
    try (Git git = open()) {
      Iterable<PushResult> results =
          git.push()
              .setRemote(remoteUrl)
              .setRefSpecs(new RefSpec(ref + ":" + ref))
              .setForce(false)
              .setCredentialsProvider(credentials.provider())
              .call();
      for (PushResult result : results) {
        for (RemoteRefUpdate update : result.getRemoteUpdates()) {
          switch (update.getStatus()) {
            case OK, UP_TO_DATE -> {}
            case REJECTED_NONFASTFORWARD ->
                throw new PushRejectedException(
                    PushRejectedException.Reason.NON_FAST_FORWARD,
                    branch.toString(),
                    update.getMessage());
            case REJECTED_OTHER_REASON, REJECTED_NODELETE, REJECTED_REMOTE_CHANGED ->
                throw new PushRejectedException(
                    PushRejectedException.Reason.REJECTED_BY_REMOTE,
                    branch.toString(),
                    update.getMessage());
            default ->
                throw new WorkspaceException(
                    "push of " + branch + " did not complete: " + update.getStatus());
          }
        }
      }
    } catch (TransportException e) {
      String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (text.contains("not authorized")
          || text.contains("authentication")
          || text.contains("401")
          || text.contains("403")) {
        throw new PushRejectedException(
            PushRejectedException.Reason.NOT_AUTHORIZED, branch.toString(), e.getMessage());
      }
      throw new WorkspaceException("push of " + branch + " failed: " + e.getMessage(), e);
    } catch (GitAPIException | IOException e) {
      throw new WorkspaceException("push of " + branch + " failed: " + e.getMessage(), e);
    }
  }

  /** Removes the working tree and its {@code .git}; the mirror is untouched. */
  public void delete() throws WorkspaceException {
    try {
      FileTrees.deleteRecursively(directory);
    } catch (IOException e) {
      throw new WorkspaceException("cannot delete workspace " + directory, e);
    }
  }

  private Git open() throws IOException {
    return Git.open(directory.toFile());
  }

  @Override
  public String toString() {
    return "Workspace[" + repository + " " + branch + " at " + directory + "]";
  }
}
