package dev.specwright.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Branch names made from whatever an issue title holds, and subtask keys that are checked. */
class BranchNameTest {

  static Stream<Arguments> titles() {
    return Stream.of(
        Arguments.of("plain words", "Add a login page", "add-a-login-page"),
        Arguments.of("accents folded", "Café déjà vu", "cafe-deja-vu"),
        Arguments.of("path traversal", "../../etc/passwd", "etc-passwd"),
        Arguments.of("double dots and slashes", "feature/foo..bar", "feature-foo-bar"),
        Arguments.of("a ref name", "refs/heads/main", "refs-heads-main"),
        Arguments.of(".lock suffix", "config.lock", "config-lock"),
        Arguments.of("only emoji", "🚀🔥", "task"),
        Arguments.of("only CJK", "中文标题", "task"),
        Arguments.of("empty", "", "task"),
        Arguments.of("bidi override", "\u202Eexe.txt", "exe-txt"),
        Arguments.of("zero-width joiners", "lo\u200Dgin", "lo-gin"),
        Arguments.of("control characters", "a\u0000b\nc\td", "a-b-c-d"),
        Arguments.of("git specials", "x~1^2:y?*[z]@{0}\\", "x-1-2-y-z-0"),
        Arguments.of("leading and trailing dashes", "--- Fix --- it ---", "fix-it"),
        Arguments.of("fullwidth letters", "ＡＢＣ １２３", "abc-123"),
        Arguments.of(
            "very long, cut at a word",
            "Implement the extremely long and detailed feature described below in full",
            "implement-the-extremely-long-and"),
        Arguments.of("one very long word", "a".repeat(300), "a".repeat(40)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("titles")
  void slugsFromHostileTitles(String why, String title, String slug) {
    BranchName branch = BranchName.of(12, title, "api");

    assertThat(branch.slug()).isEqualTo(slug);
    assertThat(branch.toString()).isEqualTo("specwright/12-" + slug + "/api");
    assertThat(branch.slug().length()).isLessThanOrEqualTo(BranchName.MAX_SLUG);
    assertThat(Repository.isValidRefName(branch.ref())).isTrue();
  }

  @ParameterizedTest(name = "key \"{0}\" is refused")
  @ValueSource(
      strings = {
        "",
        "../x",
        "a/b",
        "-x",
        "_x",
        ".lock",
        "a b",
        "a..b",
        "k\n",
        "ключ",
        "x@{0}",
        "0123456789012345678901234567890123456789X"
      })
  void refusesInvalidKeys(String key) {
    assertThatThrownBy(() -> BranchName.of(1, "t", key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subtask key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"api", "T1", "db_schema", "step-2"})
  void acceptsPlainKeys(String key) {
    assertThat(BranchName.of(1, "t", key).key()).isEqualTo(key);
  }

  @Test
  void refusesNonPositiveIssueNumbers() {
    assertThatThrownBy(() -> BranchName.of(0, "t", "k"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesItsOwnNamesBackAndNothingElse() {
    BranchName branch = BranchName.of(42, "Add login", "ui");

    assertThat(BranchName.parse(branch.toString())).isEqualTo(branch);
    assertThatThrownBy(() -> BranchName.parse("main")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BranchName.parse("specwright/42-Add/ui"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".hidden", "a/b", "", "x y"})
  void repositoryIdsAreSafePathParts(String part) {
    assertThatThrownBy(() -> new RepositoryId("octo", part))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
