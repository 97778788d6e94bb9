package dev.specwright.workspace;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bare mirror per repository under {@code <dataDir>/mirrors/<owner>/<name>.git}, cloned once
 * and fetched before each run.
 *
 * <p>The mirror has no configured remote: the URL (the repository's {@code clone_url} as GitHub
 * reports it) and the credentials are passed to every fetch, so neither is ever written into its
 * config, and a repository that moved or was renamed is followed without a stale remote. Automatic
 * garbage collection is switched off in the mirror, because workspaces borrow its objects: a prune
 * there could delete objects a live workspace still needs.
 */
public final class RepositoryMirrors {

  private static final Logger log = LoggerFactory.getLogger(RepositoryMirrors.class);
  private static final Set<String> SCHEMES = Set.of("https", "http", "file", "ssh", "git");

  private final Path root;
  private final ConcurrentHashMap<RepositoryId, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RepositoryId, Fetches> fetches = new ConcurrentHashMap<>();

  /** Fetches of one repository, numbered as they start; written under its lock. */
  private static final class Fetches {
    final AtomicLong started = new AtomicLong();
    volatile long lastSucceeded;
  }

  public RepositoryMirrors(Path dataDir) {
    this.root = dataDir.toAbsolutePath().normalize().resolve("mirrors");
  }

  public Path pathOf(RepositoryId repository) {
    return root.resolve(repository.owner()).resolve(repository.name() + ".git");
  }

  /**
   * Makes the mirror current: clones it on first use, otherwise fetches (pruning branches deleted
   * on the remote). Calls for the same repository are serialized; different repositories proceed in
   * parallel. A call that waited while another call's fetch ran from start to end returns without
   * fetching again: that fetch began after it asked, so the mirror is as current as it asked for.
   *
   * @param cloneUrl the remote, without credentials in it
   */
  public Mirror sync(RepositoryId repository, String cloneUrl, GitCredentials credentials)
      throws WorkspaceException {
    checkUrl(cloneUrl);
    ReentrantLock lock = locks.computeIfAbsent(repository, r -> new ReentrantLock());
    // Fetches are numbered as they start. A caller needs one that starts after it asked; if it
    // waited for the lock while such a fetch ran, that fetch already holds everything the remote
    // had when the caller asked, and a second would only cost a round trip. Subtasks that start
    // together thus share one fetch, and none is ever served an older state than it asked for.
    Fetches fetches = this.fetches.computeIfAbsent(repository, r -> new Fetches());
    long needed = fetches.started.get() + 1;
    lock.lock();
    try {
      Path dir = pathOf(repository);
      if (fetches.lastSucceeded >= needed) {
        return new Mirror(repository, dir);
      }
      long number = fetches.started.incrementAndGet();
      boolean fresh = !isComplete(dir);
      if (fresh) {
        FileTrees.deleteRecursively(dir); // a clone that died half-way
        Files.createDirectories(dir.getParent());
        Git.init().setBare(true).setDirectory(dir.toFile()).call().close();
      }
      try (Git git = Git.open(dir.toFile())) {
        if (fresh) {
          StoredConfig config = git.getRepository().getConfig();
          config.setInt("gc", null, "auto", 0);
          config.setInt("gc", null, "autoPackLimit", 0);
          config.setBoolean("gc", null, "autoDetach", false);
          config.save();
        }
        long start = System.nanoTime();
        git.fetch()
            .setRemote(cloneUrl)
            .setRefSpecs(
                new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
            .setTagOpt(TagOpt.NO_TAGS)
            .setRemoveDeletedRefs(true)
            .setCredentialsProvider(credentials.provider())
            .call();
        if (fresh) {
          StoredConfig config = git.getRepository().getConfig();
          config.setBoolean("specwright", null, "mirrorComplete", true);
          config.save();
        }
        fetches.lastSucceeded = number;
        log.info(
            "mirror {} {} in {} ms",
            repository,
            fresh ? "cloned" : "fetched",
            (System.nanoTime() - start) / 1_000_000);
      }
      return new Mirror(repository, dir);
    } catch (TransportException e) {
      throw new WorkspaceException(
          "fetch of " + repository + " from " + cloneUrl + " failed: " + e.getMessage(), e);
    } catch (GitAPIException | IOException e) {
      throw new WorkspaceException("mirror of " + repository + " failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** How many calls wait for the repository's lock; for tests of fetch sharing. */
  int waiting(RepositoryId repository) {
    ReentrantLock lock = locks.get(repository);
    return lock == null ? 0 : lock.getQueueLength();
  }

  private static boolean isComplete(Path dir) {
    if (!Files.isRegularFile(dir.resolve("config"))) {
      return false;
    }
    try (Git git = Git.open(dir.toFile())) {
      return git.getRepository().getConfig().getBoolean("specwright", "mirrorComplete", false);
    } catch (IOException e) {
      return false;
    }
  }

  /** Refuses URLs that carry credentials, which git would otherwise store and print. */
  static void checkUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("the remote URL is empty");
    }
    if (url.startsWith("/")) {
      return; // a local path
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!SCHEMES.contains(scheme)) {
        throw new IllegalArgumentException("unsupported remote URL scheme: '" + scheme + "'");
      }
      if (uri.getRawUserInfo() != null && !scheme.equals("ssh")) {
        throw new IllegalArgumentException(
            "the remote URL must not carry credentials; pass them as GitCredentials");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a remote URL: " + e.getReason());
    }
  }
}
