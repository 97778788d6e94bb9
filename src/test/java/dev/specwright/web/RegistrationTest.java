package dev.specwright.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.config.Secret;
import dev.specwright.github.Fixtures;
import dev.specwright.github.WebhookSignature;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest flow, with GitHub's recorded conversion answer. */
class RegistrationTest {

  static final String CODE = "46fbe5453b245dee21b96753f80eace209a3cf01"; // from the recording

  @TempDir Path temp;
  WebHarness web;

  @BeforeEach
  void start() throws Exception {
    web = new WebHarness(temp, false, e -> true);
    web.gh.server.stubFor(
        post(urlPathEqualTo("/app-manifests/" + CODE + "/conversions"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(Fixtures.read("github/api/app-manifest-conversion.json"))));
  }

  @AfterEach
  void stop() {
    web.close();
  }

  /** Follows the home page's form to /setup/start and returns that page. */
  String startRegistration(String org) throws Exception {
    assertThat(web.get("/").body()).contains("Register a GitHub App").contains("/setup/start");
    return web.get("/setup/start" + (org.isEmpty() ? "" : "?org=" + org)).body();
  }

  static String state(String page) {
    Matcher m = Pattern.compile("state=([A-Za-z0-9_-]+)").matcher(page);
    assertThat(m.find()).as("state in %s", page).isTrue();
    return m.group(1);
  }

  @Test
  void webhookAnswers503WithWhatToDoUntilRegistered() throws Exception {
    HttpResponse<String> r =
        web.postWebhook(
            "{}".getBytes(StandardCharsets.UTF_8), Map.of("X-Hub-Signature-256", "sha256=00"));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("register").contains("APP_ID");
  }

  @Test
  void startPostsTheManifestToGitHubWithAFreshState() throws Exception {
    String page = startRegistration("");
    String web_url = web.gh.settings.webUrl().toString();
    assertThat(page).contains("action=\"" + web_url + "/settings/apps/new?state=");
    String org = startRegistration("my-org");
    assertThat(org)
        .contains("action=\"" + web_url + "/organizations/my-org/settings/apps/new?state=");
    assertThat(state(page)).isNotEqualTo(state(org)).hasSizeGreaterThanOrEqualTo(43);

    Matcher m = Pattern.compile("name=\"manifest\" value=\"([^\"]*)\"").matcher(page);
    assertThat(m.find()).isTrue();
    JsonNode manifest =
        Fixtures.JSON.readTree(
            m.group(1).replace("&quot;", "\"").replace("&amp;", "&").replace("&#39;", "'"));
    assertThat(manifest.at("/hook_attributes/url").asText())
        .isEqualTo(web.uri("/webhook").toString());
    assertThat(manifest.get("redirect_url").asText())
        .isEqualTo(web.uri("/setup/callback").toString());
    assertThat(manifest.at("/default_permissions/contents").asText()).isEqualTo("write");
  }

  @Test
  void rejectsOrganizationNameThatCouldBreakTheUrl() throws Exception {
    assertThat(web.get("/setup/start?org=evil%22%3E%3Cscript%3E").statusCode()).isEqualTo(400);
  }

  @Test
  void callbackWithWrongStateIs400AndSavesNothing() throws Exception {
    state(startRegistration(""));
    HttpResponse<String> r = web.get("/setup/callback?code=" + CODE + "&state=forged");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(web.get("/setup/callback?code=" + CODE).statusCode()).isEqualTo(400);
    assertThat(Files.exists(web.credentialsFile.path())).isFalse();
    assertThat(web.app.get()).isEmpty();
    web.gh.server.verify(0, postRequestedFor(urlPathMatching("/app-manifests/.*")));
  }

  @Test
  void callbackSavesCredentialsOwnerOnlyLoadsThemAndSendsUserToInstall() throws Exception {
    String state = state(startRegistration(""));
    HttpResponse<String> r = web.get("/setup/callback?code=" + CODE + "&state=" + state);

    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location"))
        .contains("https://github.com/apps/ghapi-test-app-5/installations/new");
    Path file = web.credentialsFile.path();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(web.credentialsFile.load().orElseThrow().appId()).isEqualTo(330788);

    // Loaded without a restart: a delivery signed with the new app's secret is accepted.
    byte[] body = Fixtures.read("github/webhooks/ping.json").getBytes(StandardCharsets.UTF_8);
    String secret =
        Fixtures.JSON
            .readTree(Fixtures.read("github/api/app-manifest-conversion.json"))
            .get("webhook_secret")
            .asText();
    HttpResponse<String> ping =
        web.postWebhook(
            body,
            Map.of(
                "X-GitHub-Event", "ping",
                "X-GitHub-Delivery", "d-ping",
                "X-Hub-Signature-256", new WebhookSignature(Secret.of(secret)).sign(body)));
    assertThat(ping.statusCode()).isEqualTo(202);
    assertThat(web.get("/").body()).contains("330788");

    // The state was single-use, and registration is closed now.
    assertThat(web.get("/setup/callback?code=" + CODE + "&state=" + state).statusCode())
        .isEqualTo(409);
  }
}
