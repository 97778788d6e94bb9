package dev.specwright.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subtasks that start together share one mirror fetch, over git's smart-HTTP protocol; none of them
 * is served a state older than the remote's when it asked.
 */
class SharedFetchTest {

  static final RepositoryId REPO = new RepositoryId("octo", "repo");

  @TempDir Path tmp;

  @Test
  void callersWaitingThroughAFetchThatBeganBeforeThemFetchOnceMoreTogether() throws Exception {
    TestRemote remote = TestRemote.create(tmp);
    RepositoryMirrors mirrors = new RepositoryMirrors(tmp.resolve("data"));
    CountDownLatch release = new CountDownLatch(1);
    // Own threads: the common pool may have a single worker on a small machine.
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try (Repository bare = Git.open(remote.bare.toFile()).getRepository();
        GitHttpTestServer server = new GitHttpTestServer(bare, null, null)) {
      mirrors.sync(REPO, server.url(), GitCredentials.none()); // the clone
      remote.write("a.txt", "a\n");
      remote.commitAndPush("main", "A");

      // Fetch 1 has read the refs (tip A) and is held while it downloads.
      server.holdNextUpload = release;
      CompletableFuture<Mirror> first =
          CompletableFuture.supplyAsync(() -> sync(mirrors, server.url()), callers);
      assertThat(server.held.await(10, TimeUnit.SECONDS)).isTrue();

      // B is pushed, then two more callers ask: fetch 1 began before them, so it cannot do.
      remote.write("b.txt", "b\n");
      String tipB = remote.commitAndPush("main", "B");
      CompletableFuture<Mirror> second =
          CompletableFuture.supplyAsync(() -> sync(mirrors, server.url()), callers);
      CompletableFuture<Mirror> third =
          CompletableFuture.supplyAsync(() -> sync(mirrors, server.url()), callers);
      await().atMost(Duration.ofSeconds(10)).until(() -> mirrors.waiting(REPO) == 2);
      release.countDown();
      Mirror mirror = first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
      third.get(10, TimeUnit.SECONDS);

      try (Git git = Git.open(mirror.gitDir().toFile())) {
        assertThat(git.getRepository().resolve("refs/heads/main").name()).isEqualTo(tipB);
      }
      // clone, fetch 1, and one fetch shared by the two later callers
      assertThat(server.fetchAdvertisements.get()).isEqualTo(3);

      mirrors.sync(REPO, server.url(), GitCredentials.none()); // alone again: fetches
      assertThat(server.fetchAdvertisements.get()).isEqualTo(4);
    } finally {
      release.countDown(); // never leave the server's thread parked
      callers.shutdownNow();
    }
  }

  private static Mirror sync(RepositoryMirrors mirrors, String url) {
    try {
      return mirrors.sync(REPO, url, GitCredentials.none());
    } catch (WorkspaceException e) {
      throw new IllegalStateException(e);
    }
  }
}
