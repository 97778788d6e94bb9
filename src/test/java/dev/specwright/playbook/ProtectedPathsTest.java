package dev.specwright.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Protected path patterns read like .gitignore. */
class ProtectedPathsTest {

  @ParameterizedTest(name = "{0} protects {1}: {2}")
  @CsvSource({
    "src/, src/Main.java, true",
    "src/, lib/src/Main.java, true",
    "/src/, lib/src/Main.java, false",
    "/src/, src/a/b/Main.java, true",
    "src/**, src/a/b/Main.java, true",
    "*.lock, yarn.lock, true",
    "*.lock, web/package.lock, true",
    "*.lock, lock.txt, false",
    "db/migrations, db/migrations/001.sql, true",
    "db/migrations, other/db/migrations/001.sql, false",
    "docs/*.md, docs/a.md, true",
    "docs/*.md, docs/deep/a.md, false",
    "secrets/, ./secrets/key, true",
    "secrets/, src/../secrets/key, true",
  })
  void matchesLikeGitignore(String pattern, String path, boolean protectedPath) {
    assertThat(new ProtectedPaths(List.of(pattern), false).protects(path)).isEqualTo(protectedPath);
  }

  @ParameterizedTest
  @ValueSource(strings = {".git/config", ".git/hooks/pre-commit", "sub/.git/HEAD"})
  void gitMetadataIsAlwaysProtected(String path) {
    assertThat(new ProtectedPaths(List.of(), true).protects(path)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"false, true", "true, false"})
  void workflowsAreProtectedUnlessThePlaybookMakesThemWritable(
      boolean writable, boolean protectedPath) {
    assertThat(new ProtectedPaths(List.of(), writable).protects(".github/workflows/ci.yml"))
        .isEqualTo(protectedPath);
    assertThat(new ProtectedPaths(List.of(), writable).protects(".github/CODEOWNERS")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/../../x", "C:/Windows", "~/secrets", "a\\b", "", "/", "[z"})
  void refusesPatternsThatAreNotRelativeOrNotGlobs(String pattern) {
    assertThat(ProtectedPaths.problem(pattern)).isPresent();
    assertThatThrownBy(() -> new ProtectedPaths(List.of(pattern), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
