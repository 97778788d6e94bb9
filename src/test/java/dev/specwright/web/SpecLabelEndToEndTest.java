package dev.specwright.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specwright.github.Fixtures;
import dev.specwright.github.GitHubIssueComments;
import dev.specwright.github.GitHubRepoPermissions;
import dev.specwright.github.WireMockGitHub;
import dev.specwright.github.events.EventRouter;
import dev.specwright.github.events.Installations;
import dev.specwright.github.events.StandardHandlers;
import dev.specwright.queue.DeliveryHandler.Result;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec label from webhook to comment: the signed delivery is stored, processed as the queue
 * would, the labeler's permission asked with an installation token fetched with the app JWT, and
 * the comment posted with that token. GitHub answers with its recorded responses; the payload is
 * the recorded issues.labeled, moved to the repository the recorded permission answers are about.
 */
class SpecLabelEndToEndTest {

  static final String REPO = "/repos/hub4j-test-org/test-permission";

  @TempDir Path temp;
  WebHarness web;
  EventRouter router;

  @BeforeEach
  void start() throws Exception {
    web = new WebHarness(temp, true, e -> true);
    router =
        new EventRouter(
            StandardHandlers.of(
                "spec",
                new Installations(web.db, web.gh.clock),
                new GitHubRepoPermissions(web.app, web.gh.clock, Duration.ofMinutes(1)),
                StandardHandlers.takenUpComment(new GitHubIssueComments(web.app))),
            web.meters);
    web.gh.stubInstallationToken();
    for (String[] user : new String[][] {{"kohsuke", "admin"}, {"dude", "read"}}) {
      web.gh.server.stubFor(
          get(urlPathEqualTo(REPO + "/collaborators/" + user[0] + "/permission"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          Fixtures.read(
                              "github/api/collaborator-permission." + user[1] + ".json"))));
    }
    web.gh.server.stubFor(
        get(urlPathEqualTo(REPO + "/issues/1/comments")).willReturn(aResponse().withBody("[]")));
    web.gh.server.stubFor(
        post(urlPathEqualTo(REPO + "/issues/1/comments"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.read("github/api/issue-comment.create.json"))));
  }

  @AfterEach
  void stop() {
    web.close();
  }

  byte[] specLabeledBy(String login) {
    ObjectNode p = Fixtures.webhook("issues.labeled");
    p.putObject("installation").put("id", WireMockGitHub.INSTALLATION);
    ((ObjectNode) p.get("label")).put("name", "spec");
    ((ObjectNode) p.get("sender")).put("login", login);
    ((ObjectNode) p.get("repository")).put("full_name", "hub4j-test-org/test-permission");
    return p.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void adminLabelIsAnsweredWithACommentPostedWithTheInstallationToken() throws Exception {
    assertThat(web.deliver("issues", "d-admin", specLabeledBy("kohsuke")).statusCode())
        .isEqualTo(202);
    web.drain(router);
    assertThat(web.results).containsExactly(Result.HANDLED);

    var tokenRequest =
        web.gh
            .server
            .findAll(postRequestedFor(urlPathEqualTo("/app/installations/11111111/access_tokens")))
            .get(0);
    var claims =
        Jwts.parser()
            .verifyWith(Fixtures.publicKey())
            .clock(() -> Date.from(web.gh.clock.instant()))
            .build()
            .parseSignedClaims(
                tokenRequest.getHeader("Authorization").substring("Bearer ".length()))
            .getPayload();
    assertThat(claims.getIssuer()).isEqualTo("330788");

    web.gh.server.verify(
        1,
        postRequestedFor(urlPathEqualTo(REPO + "/issues/1/comments"))
            .withHeader("Authorization", equalTo("token " + WireMockGitHub.TOKEN)));
    assertThat(web.get("/metrics").body())
        .contains("specwright_events_processed_total{event=\"issues\",result=\"handled\"} 1.0");
  }

  @Test
  void readOnlyLabelPostsNothing() throws Exception {
    assertThat(web.deliver("issues", "d-read", specLabeledBy("dude")).statusCode()).isEqualTo(202);
    web.drain(router);
    assertThat(web.results).containsExactly(Result.IGNORED);
    web.gh.server.verify(0, postRequestedFor(urlPathMatching(".*/comments")));
  }

  @Test
  void redeliveredLabelIsProcessedOnce() throws Exception {
    web.deliver("issues", "d-twice", specLabeledBy("kohsuke"));
    assertThat(web.deliver("issues", "d-twice", specLabeledBy("kohsuke")).statusCode())
        .isEqualTo(200);
    web.drain(router);
    assertThat(web.results).hasSize(1);
    web.gh.server.verify(1, postRequestedFor(urlPathMatching(".*/comments")));
  }
}
