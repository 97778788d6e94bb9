package dev.specwright.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.specwright.config.AppCredentials;
import dev.specwright.config.GitHubSettings;
import dev.specwright.config.Secret;
import java.net.URI;
import java.time.Instant;

/**
 * GitHub for tests: a WireMock server answering with the recorded responses, and the app (the
 * fixture key, app id 330788) pointed at it. Time starts shortly before the recorded installation
 * token expires (2019-08-10T05:54:58Z); sleeps advance the clock instead of waiting.
 */
public final class WireMockGitHub implements AutoCloseable {

  public static final long APP_ID = 330788;
  public static final long INSTALLATION = 11111111;
  public static final String TOKEN = "bogus"; // the recorded (sanitised) installation token

  public final WireMockServer server = new WireMockServer(options().dynamicPort());
  public final MutableClock clock = new MutableClock(Instant.parse("2019-08-10T05:00:00Z"));
  public final GitHubSettings settings;
  public final GitHubHttp http;

  public WireMockGitHub() {
    server.start();
    settings = GitHubSettings.of(URI.create(server.baseUrl()));
    http = GitHubHttp.create(clock, clock, WritePacer.DEFAULT_INTERVAL);
  }

  public AppCredentials credentials() {
    return new AppCredentials(APP_ID, Fixtures.pkcs1Pem(), Secret.of("webhook-secret"));
  }

  public GitHubApp app() {
    return GitHubApp.create(credentials(), settings, http, clock);
  }

  /** The recorded installation-token answer for {@link #INSTALLATION}. */
  public void stubInstallationToken() {
    server.stubFor(
        post(urlPathEqualTo("/app/installations/" + INSTALLATION + "/access_tokens"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(Fixtures.read("github/api/installation-token.create.json"))));
  }

  @Override
  public void close() {
    server.stop();
  }
}
