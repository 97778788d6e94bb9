package dev.specwright.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The real recorded payloads read into the small event records. */
class WebhookEventsTest {

  private static WebhookEvent parse(Payloads p) {
    return WebhookEvents.parse(p.event(), p.json()).orElseThrow();
  }

  @Test
  void readsACommentOnAPullRequest() {
    WebhookEvent event = parse(Payloads.fixture("issue_comment.created.on-pull-request"));

    assertThat(event)
        .isEqualTo(
            new WebhookEvent.CommentCreated(
                new RepoRef(0, "chhsia0", "knative-route-demo"),
                3,
                true,
                new CommentSource.IssueComment(546616131L),
                new Actor("chhsia0", "User"),
                "/build",
                new Actor("chhsia0", "User")));
  }

  @Test
  void readsACommentOnAnIssue() {
    var event =
        (WebhookEvent.CommentCreated)
            parse(Payloads.fixture("issue_comment.created.with-installation"));

    assertThat(event.onPullRequest()).isFalse();
    assertThat(event.repo().installationId()).isPositive();
    assertThat(event.source()).isEqualTo(new CommentSource.IssueComment(492700400L));
  }

  @Test
  void readsAReviewThreadCommentAsTheRootOfItsThread() {
    var event =
        (WebhookEvent.CommentCreated)
            parse(Payloads.fixture("pull_request_review_comment.created"));

    assertThat(event.number()).isEqualTo(2);
    assertThat(event.source())
        .isEqualTo(new CommentSource.ReviewThreadComment(284312630L, 284312630L));
    assertThat(event.repo()).isEqualTo(new RepoRef(1, "Codertocat", "Hello-World"));
  }

  @Test
  void readsAReplyInAReviewThreadAsPointingAtTheThreadRoot() {
    var event =
        (WebhookEvent.CommentCreated)
            parse(
                Payloads.fixture("pull_request_review_comment.created")
                    .set("comment.in_reply_to_id", 7));

    assertThat(event.source()).isEqualTo(new CommentSource.ReviewThreadComment(284312630L, 7L));
  }

  @Test
  void readsASubmittedReviewWithoutBody() {
    var event =
        (WebhookEvent.ReviewSubmitted) parse(Payloads.fixture("pull_request_review.submitted"));

    assertThat(event)
        .isEqualTo(
            new WebhookEvent.ReviewSubmitted(
                new RepoRef(1, "Codertocat", "Hello-World"),
                2,
                237895671L,
                "commented",
                new Actor("Codertocat", "User"),
                "",
                new Actor("Codertocat", "User")));
    assertThat(event.changesRequested()).isFalse();
  }

  @Test
  void readsAClosedPullRequest() {
    var event = (WebhookEvent.PullRequestClosed) parse(Payloads.fixture("pull_request.closed"));

    assertThat(event.pullNumber()).isEqualTo(2);
    assertThat(event.merged()).isFalse();
    assertThat(event.headRef()).isEqualTo("changes");
  }

  @Test
  void readsARerequestedCheckRun() {
    var event = (WebhookEvent.CheckRunRerequested) parse(Payloads.fixture("check_run.rerequested"));

    assertThat(event)
        .isEqualTo(
            new WebhookEvent.CheckRunRerequested(
                new RepoRef(1, "github", "hello-world"),
                4,
                "randscape",
                2,
                "",
                "master",
                "d6fde92930d4715a2b49857d24b940956b26d2d3",
                List.of(),
                new Actor("octocat", "User")));
  }

  @Test
  void readsARerequestedCheckSuite() {
    var event =
        (WebhookEvent.CheckSuiteRerequested)
            parse(Payloads.fixture("check_suite.requested").set("action", "rerequested"));

    assertThat(event)
        .isEqualTo(
            new WebhookEvent.CheckSuiteRerequested(
                new RepoRef(957387, "Codertocat", "Hello-World"),
                118578174L,
                29310,
                "master",
                "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
                List.of(),
                new Actor("Codertocat", "User")));
  }

  @Test
  void ignoresEditedAndDeletedCommentsAndOtherEvents() {
    Payloads edited = Payloads.fixture("issue_comment.created").set("action", "edited");

    assertThat(WebhookEvents.parse("issue_comment", edited.json())).isEmpty();
    assertThat(WebhookEvents.parse("pull_request", Payloads.fixture("pull_request.opened").json()))
        .isEmpty();
    assertThat(WebhookEvents.parse("issues", Payloads.fixture("issues.labeled").json())).isEmpty();
    assertThat(WebhookEvents.parse(null, "{}")).isEmpty();
  }

  @Test
  void rejectsABodyThatIsNotJson() {
    assertThatThrownBy(() -> WebhookEvents.parse("issue_comment", "action=created"))
        .isInstanceOf(MalformedPayload.class)
        .hasMessage("issue_comment payload is not valid JSON");
    assertThatThrownBy(() -> WebhookEvents.parse("issue_comment", "[1]"))
        .isInstanceOf(MalformedPayload.class)
        .hasMessage("issue_comment payload is not a JSON object");
  }

  @Test
  void rejectsMissingOrMistypedFieldsByName() {
    Payloads noUser = Payloads.fixture("issue_comment.created").remove("comment.user");
    Payloads textId = Payloads.fixture("check_run.rerequested").set("check_run.id", "4");
    Payloads noMerged = Payloads.fixture("pull_request.closed").remove("pull_request.merged");

    assertThatThrownBy(() -> WebhookEvents.parse("issue_comment", noUser.json()))
        .hasMessage("issue_comment payload lacks comment.user");
    assertThatThrownBy(() -> WebhookEvents.parse("check_run", textId.json()))
        .hasMessage("check_run payload has a non-numeric check_run.id");
    assertThatThrownBy(() -> WebhookEvents.parse("pull_request", noMerged.json()))
        .hasMessage("pull_request payload lacks pull_request.merged");
  }
}
