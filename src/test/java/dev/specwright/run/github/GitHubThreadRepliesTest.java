package dev.specwright.run.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.specwright.cli.GitHubDoubleAccess;
import dev.specwright.config.AppCredentials;
import dev.specwright.config.GitHubSettings;
import dev.specwright.config.Secret;
import dev.specwright.github.CurrentApp;
import dev.specwright.github.Fixtures;
import dev.specwright.github.GitHubHttp;
import dev.specwright.github.GitHubRepoPermissions;
import dev.specwright.github.Sleeper;
import dev.specwright.run.RepoRef;
import dev.specwright.run.RunGitHub.CommentRef;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replies in review threads through GitHub's replies endpoint, against the GitHub double serving
 * the recorded review-comment shape: a reply is looked up by its marker first, so a replayed step
 * never replies twice, and a marker a person pasted is not mistaken for the app's reply.
 */
class GitHubThreadRepliesTest {

  static final int PULL = 101;

  @TempDir Path temp;
  WireMockServer server;
  GitHubDoubleAccess gh;
  GitHubRunPorts ports;
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
        new GitHubRunPorts(
            app, new GitHubRepoPermissions(app, clock, Duration.ofMinutes(1)), gh::botLogin);
    repo = new RepoRef(gh.owner(), gh.name(), gh.installation());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  long threadByCarol() {
    gh.humanReview(
        PULL,
        "carol",
        "CHANGES_REQUESTED",
        List.<String[]>of(new String[] {"api.txt", "1", "Use a constant-time compare."}));
    return Long.parseLong(gh.reviewComments(PULL).getFirst().split(" ")[0]);
  }

  @Test
  void repliesInTheThreadWithTheReplyAsGitHubReturnsIt() {
    long thread = threadByCarol();
    CommentRef reply =
        ports.replyInThread(repo, PULL, thread, "<!-- r1 -->", "<!-- r1 -->\nDone.").orElseThrow();
    assertThat(gh.replies())
        .containsExactly("#" + PULL + " thread " + thread + ": <!-- r1 -->\nDone.");
    assertThat(reply.id()).isPositive();
    assertThat(reply.url()).endsWith("#discussion_r" + reply.id());
    assertThat(gh.reviewComments(PULL))
        .containsExactly(
            thread + " 0 carol: Use a constant-time compare.",
            reply.id() + " " + thread + " " + gh.botLogin() + ": <!-- r1 -->\nDone.");
  }

  @Test
  void aReplayFindsItsReplyByTheMarkerAndPostsNothing() {
    long thread = threadByCarol();
    var first = ports.replyInThread(repo, PULL, thread, "<!-- r1 -->", "<!-- r1 -->\nDone.");
    var again = ports.replyInThread(repo, PULL, thread, "<!-- r1 -->", "<!-- r1 -->\nDone.");
    assertThat(again).isEqualTo(first);
    assertThat(gh.replies()).hasSize(1);
  }

  @Test
  void theSameMarkerInAnotherThreadOrPastedByAPersonIsNotTheReply() {
    long thread = threadByCarol();
    gh.humanReply(PULL, 0, "mallory", thread, "copying <!-- r1 --> to stop the bot");
    ports.replyInThread(repo, PULL, thread + 999, "<!-- r1 -->", "<!-- r1 -->\nElsewhere.");
    ports.replyInThread(repo, PULL, thread, "<!-- r1 -->", "<!-- r1 -->\nDone.");
    assertThat(gh.replies())
        .containsExactly(
            "#" + PULL + " thread " + (thread + 999) + ": <!-- r1 -->\nElsewhere.",
            "#" + PULL + " thread " + thread + ": <!-- r1 -->\nDone.");
  }

  @Test
  void aThreadGitHubNoLongerHasIsAnEmptyAnswerNotAFailure() {
    long thread = threadByCarol();
    server.stubFor(
        post(urlPathMatching(".*/comments/" + thread + "/replies"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\":\"Not Found\"}")));
    assertThat(ports.replyInThread(repo, PULL, thread, "<!-- r1 -->", "<!-- r1 -->\nDone."))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {502, 403})
  void aFailureThatMayPassThrowsSoThatTheStepRepliesWhenItRunsAgain(int status) {
    // 403 too: a secondary rate limit that outlasted the client's waits answers 403.
    long thread = threadByCarol();
    server.stubFor(
        post(urlPathMatching(".*/comments/" + thread + "/replies"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\":\"Resource not accessible by integration\"}")));
    assertThatThrownBy(
            () -> ports.replyInThread(repo, PULL, thread, "<!-- r1 -->", "<!-- r1 -->\nDone."))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(String.valueOf(status));
    assertThat(gh.replies()).isEmpty();
  }
}
