package dev.specwright.command.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.specwright.cli.GitHubDoubleAccess;
import dev.specwright.command.Permission;
import dev.specwright.command.RepoRef;
import dev.specwright.command.ReviewComment;
import dev.specwright.config.AppCredentials;
import dev.specwright.config.GitHubSettings;
import dev.specwright.config.Secret;
import dev.specwright.github.CurrentApp;
import dev.specwright.github.Fixtures;
import dev.specwright.github.GitHubHttp;
import dev.specwright.github.GitHubRepoPermissions;
import dev.specwright.github.Sleeper;
import dev.specwright.llm.ModelCatalog;
import dev.specwright.llm.ModelRef;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command layer's GitHub calls against the stateful GitHub double. */
class GitHubCommandPortsTest {

  @TempDir Path temp;
  WireMockServer server;
  GitHubDoubleAccess gh;
  GitHubCommandPorts ports;
  RepoRef repo;

  @BeforeEach
  void start() {
    gh = new GitHubDoubleAccess(temp.resolve("none.git"));
    server = new WireMockServer(options().dynamicPort().extensions(gh.extension()));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers("github-double")));
    Clock clock = Clock.systemUTC();
    CurrentApp app =
        new CurrentApp(
            GitHubSettings.of(URI.create(server.baseUrl())),
            GitHubHttp.create(clock, Sleeper.REAL, Duration.ZERO),
            clock);
    app.load(new AppCredentials(330788, Fixtures.pkcs1Pem(), Secret.of("webhook-secret")));
    ports =
        new GitHubCommandPorts(app, new GitHubRepoPermissions(app, clock, Duration.ofMinutes(1)));
    repo = new RepoRef(gh.installation(), gh.owner(), gh.name());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void permissionComesFromTheRoleAndAStrangerHasNone() {
    gh.role("maria", "maintain");
    gh.role("rick", "read");
    assertThat(ports.permission(repo, "maria")).isEqualTo(Permission.MAINTAIN);
    assertThat(ports.permission(repo, "rick")).isEqualTo(Permission.READ);
    assertThat(ports.permission(repo, "mallory")).isEqualTo(Permission.NONE);
  }

  @Test
  void reactsRepliesInTheThreadAndComments() {
    gh.issue(7, "t", "b", "maria");
    ports.reactToIssueComment(repo, 55, "eyes");
    ports.replyToReviewComment(repo, 101, 77, "done");
    ports.commentOnIssue(repo, 7, "hello");
    assertThat(gh.reactions()).containsExactly("eyes on comment 55");
    assertThat(gh.replies()).containsExactly("#101 thread 77: done");
    assertThat(gh.commentBodies(7)).containsExactly("hello");
  }

  @Test
  void readsAReviewsInlineComments() {
    long review = gh.review(101, "CHANGES_REQUESTED", "src/A.java", 12, "null check");
    assertThat(ports.reviewComments(repo, 101, review))
        .extracting(ReviewComment::path, ReviewComment::line, ReviewComment::body)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("src/A.java", 12, "null check"));
  }

  @Test
  void aReviewCommentAnsweringAnEarlierThreadPointsAtThatThreadsFirstComment() {
    long qa = gh.review(101, "COMMENTED", "src/A.java", 12, "null check");
    long root = Long.parseLong(gh.reviewComments(101).getFirst().split(" ")[0]);
    long review =
        gh.humanReview(
            101,
            "maria",
            "CHANGES_REQUESTED",
            List.<String[]>of(new String[] {"src/B.java", "3", "rename this"}));
    long reply = gh.humanReply(101, review, "maria", root, "the QA agent is right");

    List<ReviewComment> comments = ports.reviewComments(repo, 101, review);

    assertThat(qa).isNotEqualTo(review);
    assertThat(comments)
        .extracting(c -> c.id() == reply ? "reply->" + (c.threadRootId() == root) : c.body())
        .containsExactly("rename this", "reply->true");
    assertThat(comments.getFirst().threadRootId()).isEqualTo(comments.getFirst().id());
  }

  @Test
  void onlyPricedNamedModelsMayBeSwitchedTo() {
    ModelCatalog catalog =
        ModelCatalog.parse(
            """
            models:
              openai:gpt-4o-mini:
                price: {input: 0.15, output: 0.60, as_of: 2025-11-25}
              "ollama:*":
                price: {input: 0, output: 0, as_of: 2025-11-25}
              openai:unpriced:
                context_window: 8000
            """,
            "test");
    assertThat(new PricedModels(catalog).allowedModels())
        .containsExactly(ModelRef.parse("openai:gpt-4o-mini"));
  }
}
