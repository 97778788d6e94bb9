package dev.specwright.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A local bare repository standing in for GitHub, with a seed clone through which "someone else"
 * pushes commits to it.
 */
final class TestRemote {

  final Path bare;
  final Path seed;

  private TestRemote(Path bare, Path seed) {
    this.bare = bare;
    this.seed = seed;
  }

  static TestRemote create(Path dir) throws IOException, GitAPIException {
    Path bare = dir.resolve("remote.git");
    Path seed = dir.resolve("seed");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call().close();
    TestRemote remote = new TestRemote(bare, seed);
    remote.write("README.md", "# Demo\n");
    remote.write("src/App.java", "class App {}\n");
    remote.write(".gitignore", "build/\n*.log\n");
    remote.commitAndPush("main", "Initial commit");
    return remote;
  }

  /** Writes a reflog for every ref update, as a repository with a working tree does. */
  void keepReflogs() throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      var config = repo.getConfig();
      config.setBoolean("core", null, "logAllRefUpdates", true);
      config.save();
    }
  }

  String url() {
    return bare.toUri().toString(); // file:///…
  }

  void write(String path, String content) throws IOException {
    Path file = seed.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  String commitAndPush(String branch, String message) throws GitAPIException, IOException {
    try (Git git = Git.open(seed.toFile())) {
      git.add().addFilepattern(".").call();
      RevCommit c = git.commit().setMessage(message).setSign(false).call();
      git.push()
          .setRemote(url())
          .setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch))
          .setForce(true)
          .call();
      return c.name();
    }
  }

  String tip(String branch) throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      ObjectId id = repo.resolve("refs/heads/" + branch);
      return id == null ? null : id.name();
    }
  }

  /** The content of {@code path} at the tip of {@code branch} on the remote. */
  String read(String branch, String path) throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader()) {
      RevCommit commit = walk.parseCommit(repo.resolve("refs/heads/" + branch));
      try (TreeWalk tw = TreeWalk.forPath(reader, path, commit.getTree())) {
        return tw == null ? null : new String(reader.open(tw.getObjectId(0)).getBytes());
      }
    }
  }
}
