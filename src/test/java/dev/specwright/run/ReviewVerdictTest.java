package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.run.RunGitHub.InlineComment;
import dev.specwright.run.RunGitHub.ReviewEvent;
import org.junit.jupiter.api.Test;

class ReviewVerdictTest {

  private static final String DIFF =
      """
      diff --git a/src/A.java b/src/A.java
      --- a/src/A.java
      +++ b/src/A.java
      @@ -10,3 +10,4 @@ class A {
       context line 10
      -removed
      +added line 11
      +added line 12
       context line 13
      """;

  @Test
  void keepsInlineCommentsOnNewSideLinesOfTheDiff() {
    ReviewVerdict v =
        ReviewVerdict.parse(
            "{\"event\":\"REQUEST_CHANGES\",\"body\":\"Fix it.\",\"comments\":["
                + "{\"path\":\"src/A.java\",\"line\":12,\"body\":\"off by one\"}]}",
            DIFF);
    assertThat(v.event()).isEqualTo(ReviewEvent.REQUEST_CHANGES);
    assertThat(v.comments()).containsExactly(new InlineComment("src/A.java", 12, "off by one"));
  }

  @Test
  void movesCommentsOutsideTheDiffIntoTheBodySoGitHubDoesNotRefuseTheReview() {
    ReviewVerdict v =
        ReviewVerdict.parse(
            "{\"event\":\"COMMENT\",\"body\":\"Ok.\",\"comments\":["
                + "{\"path\":\"src/A.java\",\"line\":99,\"body\":\"far away\"},"
                + "{\"path\":\"src/Other.java\",\"line\":1,\"body\":\"not in diff\"}]}",
            DIFF);
    assertThat(v.comments()).isEmpty();
    assertThat(v.body())
        .contains("`src/A.java:99` far away")
        .contains("`src/Other.java:1` not in diff");
  }

  @Test
  void neverApproves() {
    ReviewVerdict v = ReviewVerdict.parse("{\"event\":\"APPROVE\",\"body\":\"LGTM\"}", DIFF);
    assertThat(v.event()).isEqualTo(ReviewEvent.COMMENT);
  }

  @Test
  void proseInsteadOfJsonBecomesACommentWithTheText() {
    ReviewVerdict v = ReviewVerdict.parse("The change looks fine to me.", DIFF);
    assertThat(v.event()).isEqualTo(ReviewEvent.COMMENT);
    assertThat(v.body()).isEqualTo("The change looks fine to me.");
  }
}
