package dev.specwright.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;

/** Small real git workspaces for tests. */
final class TestRepos {
  private TestRepos() {}

  /** A git repository with a few committed files, a .gitignore and an ignored build output. */
  static Path sample(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("src/main"));
    Files.writeString(dir.resolve("README.md"), "# Sample\n\nA sample project.\n");
    Files.writeString(
        dir.resolve("src/main/Greeter.java"),
        """
        package sample;

        public final class Greeter {
          public String greet(String name) {
            return "Hello, " + name;
          }
        }
        """);
    Files.writeString(dir.resolve(".gitignore"), "build/\n*.log\n");
    Files.createDirectories(dir.resolve("build"));
    Files.writeString(dir.resolve("build/Greeter.class"), "Hello, compiled\n");
    Files.writeString(dir.resolve("debug.log"), "Hello, log\n");
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("initial")
          .setAuthor("Test", "test@example.com")
          .setCommitter("Test", "test@example.com")
          .setSign(false)
          .call();
    }
    return dir;
  }
}
