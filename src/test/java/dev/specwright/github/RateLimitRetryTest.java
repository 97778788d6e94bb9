package dev.specwright.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitRetryTest {

  static final String PATH = "/repos/hub4j-test-org/github-api";

  final WireMockGitHub gh = new WireMockGitHub();
  GitHubRest rest;

  @BeforeEach
  void setUp() {
    gh.stubInstallationToken();
    rest = gh.app().installation(WireMockGitHub.INSTALLATION).rest();
  }

  @AfterEach
  void stop() {
    gh.close();
  }

  /** First answer {@code first}, then the recorded repository. */
  void firstThenOk(ResponseDefinitionBuilder first) {
    gh.server.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("limit")
            .whenScenarioStateIs(STARTED)
            .willReturn(first)
            .willSetStateTo("ok"));
    gh.server.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("limit")
            .whenScenarioStateIs("ok")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.read("github/api/repository.get.json"))));
  }

  static final String SECONDARY =
      "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before"
          + " you try again.\",\"documentation_url\":\"https://docs.github.com/rest\"}";

  @Test
  void honoursRetryAfterOnSecondaryLimit403() throws Exception {
    firstThenOk(aResponse().withStatus(403).withHeader("retry-after", "7").withBody(SECONDARY));
    assertThat(rest.get(PATH).path("name").asText()).isEqualTo("GHIssueTest");
    assertThat(gh.clock.sleeps()).containsExactly(Duration.ofSeconds(7));
    gh.server.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void waitsForRateLimitResetWhenPrimaryLimitIsSpent() throws Exception {
    long reset = gh.clock.instant().plusSeconds(120).getEpochSecond();
    firstThenOk(
        aResponse()
            .withStatus(403)
            .withHeader("x-ratelimit-remaining", "0")
            .withHeader("x-ratelimit-reset", Long.toString(reset))
            .withBody("{\"message\":\"API rate limit exceeded for installation ID 11111111.\"}"));
    rest.get(PATH);
    assertThat(gh.clock.sleeps()).containsExactly(Duration.ofSeconds(121));
  }

  @Test
  void backsOffExponentiallyWithACapOn429WithoutHints() throws Exception {
    gh.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429)));
    assertThatThrownBy(() -> rest.get(PATH))
        .isInstanceOf(GitHubApiException.class)
        .hasMessageContaining("429");
    assertThat(gh.clock.sleeps())
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
    gh.server.verify(5, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void backoffNeverExceedsItsCap() throws Exception {
    RateLimitRetry retry =
        new RateLimitRetry(
            gh.clock,
            gh.clock,
            20,
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            Duration.ofMinutes(15));
    okhttp3.Response r =
        new okhttp3.Response.Builder()
            .request(new okhttp3.Request.Builder().url("http://x/").build())
            .protocol(okhttp3.Protocol.HTTP_1_1)
            .code(429)
            .message("Too Many Requests")
            .body(okhttp3.ResponseBody.create("", null))
            .build();
    assertThat(retry.waitFor(r, 15)).contains(Duration.ofMinutes(1));
  }

  @Test
  void plainForbiddenIsNotRetried() {
    gh.server.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("x-ratelimit-remaining", "4990")
                    .withBody("{\"message\":\"Resource not accessible by integration\"}")));
    assertThatThrownBy(() -> rest.get(PATH))
        .isInstanceOf(GitHubApiException.class)
        .hasMessageContaining("Resource not accessible by integration");
    assertThat(gh.clock.sleeps()).isEmpty();
    gh.server.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void waitLongerThanTheLimitIsGivenBackToTheCaller() {
    gh.server.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                aResponse().withStatus(403).withHeader("retry-after", "3600").withBody(SECONDARY)));
    assertThatThrownBy(() -> rest.get(PATH)).isInstanceOf(GitHubApiException.class);
    assertThat(gh.clock.sleeps()).isEmpty();
  }

  @Test
  void writesArePacedUnderTheSecondaryLimitAndReadsAreNot() throws Exception {
    gh.server.stubFor(
        post(urlPathEqualTo("/repos/o/r/issues/1/comments"))
            .willReturn(aResponse().withStatus(201).withBody("{\"id\":1}")));
    gh.server.stubFor(get(urlPathEqualTo("/repos/o/r")).willReturn(aResponse().withBody("{}")));
    for (int i = 0; i < 3; i++) {
      rest.post("repos/o/r/issues/1/comments", Map.of("body", "x"));
      rest.get("repos/o/r");
    }
    // The clock only moves by sleeping here, so every write after the first waits a full slot.
    assertThat(gh.clock.sleeps())
        .containsExactly(WritePacer.DEFAULT_INTERVAL, WritePacer.DEFAULT_INTERVAL);
    assertThat(Duration.ofMinutes(1).dividedBy(WritePacer.DEFAULT_INTERVAL))
        .isLessThanOrEqualTo(80);
  }
}
