package dev.specwright.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InstallationTokensTest {

  final WireMockGitHub gh = new WireMockGitHub();
  final GitHubApp app = gh.app();
  final String tokensPath = "/app/installations/" + WireMockGitHub.INSTALLATION + "/access_tokens";

  @AfterEach
  void stop() {
    gh.close();
  }

  @Test
  void fetchesTokenWithAValidAppJwt() throws Exception {
    gh.stubInstallationToken();
    assertThat(app.tokens().token(WireMockGitHub.INSTALLATION).reveal()).isEqualTo("bogus");

    var request = gh.server.findAll(postRequestedFor(urlPathEqualTo(tokensPath))).get(0);
    String auth = request.getHeader("Authorization");
    assertThat(auth).startsWith("Bearer ");
    Claims claims =
        Jwts.parser()
            .verifyWith(Fixtures.publicKey())
            .clock(() -> Date.from(gh.clock.instant()))
            .build()
            .parseSignedClaims(auth.substring("Bearer ".length()))
            .getPayload();
    assertThat(claims.getIssuer()).isEqualTo(Long.toString(WireMockGitHub.APP_ID));
    assertThat(request.getHeader("Accept")).isEqualTo("application/vnd.github+json");
  }

  @Test
  void cachesTokenUntilShortlyBeforeItExpires() throws Exception {
    gh.stubInstallationToken();
    app.tokens().token(WireMockGitHub.INSTALLATION);
    gh.clock.advance(Duration.ofMinutes(49)); // 05:49, token expires 05:54:58: still 5 min 58 s
    app.tokens().token(WireMockGitHub.INSTALLATION);
    gh.server.verify(1, postRequestedFor(urlPathEqualTo(tokensPath)));

    gh.clock.advance(Duration.ofMinutes(1)); // 05:50: inside the refresh margin
    app.tokens().token(WireMockGitHub.INSTALLATION);
    gh.server.verify(2, postRequestedFor(urlPathEqualTo(tokensPath)));
  }

  @Test
  void refusedTokenRequestIsAnErrorWithoutCredentials() {
    gh.server.stubFor(
        post(urlPathEqualTo(tokensPath))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"message\":\"A JSON web token could not be decoded\","
                            + "\"documentation_url\":\"https://docs.github.com/rest\"}")));
    assertThatThrownBy(() -> app.tokens().token(WireMockGitHub.INSTALLATION))
        .isInstanceOf(GitHubApiException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("could not be decoded")
        .hasMessageNotContaining("Bearer");
  }

  @Test
  void installationClientSendsTheTokenOnlyToTheApiHost() throws Exception {
    gh.stubInstallationToken();
    gh.server.stubFor(
        WireMock.get(urlPathEqualTo("/repos/hub4j-test-org/GHIssueTest"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.read("github/api/repository.get.json"))));
    var repo =
        app.installation(WireMockGitHub.INSTALLATION)
            .hub4j()
            .getRepository("hub4j-test-org/GHIssueTest");
    assertThat(repo.getFullName()).isEqualTo("hub4j-test-org/GHIssueTest");
    gh.server.verify(
        getRequestedFor(urlPathEqualTo("/repos/hub4j-test-org/GHIssueTest"))
            .withHeader("Authorization", WireMock.equalTo("token bogus")));
  }
}
