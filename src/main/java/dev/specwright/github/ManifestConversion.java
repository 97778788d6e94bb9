package dev.specwright.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.config.AppCredentials;
import dev.specwright.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/**
 * The last step of GitHub's app manifest flow: trades the one-time {@code code} GitHub sends back
 * for the new app's id, private key and webhook secret ({@code POST
 * /app-manifests/{code}/conversions}; no authentication, the code is the proof).
 */
public final class ManifestConversion {

  /** The app GitHub created: its credentials and its public page. */
  public record RegisteredApp(AppCredentials credentials, String slug, String htmlUrl) {

    /** Where a user installs the app on their repositories. */
    public String installUrl() {
      return htmlUrl + "/installations/new";
    }
  }

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  private final GitHubRest rest;

  public ManifestConversion(URI apiUrl, OkHttpClient http) {
    this.rest = new GitHubRest(apiUrl, http);
  }

  public RegisteredApp convert(String code) throws IOException {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("not a manifest code");
    }
    JsonNode n = rest.call("POST", "app-manifests/" + code + "/conversions", Map.of(), Map.of());
    long id = n.path("id").asLong(0);
    String pem = n.path("pem").asText("");
    String secret = n.path("webhook_secret").asText("");
    String htmlUrl = n.path("html_url").asText("");
    if (id <= 0 || pem.isEmpty() || secret.isEmpty() || htmlUrl.isEmpty()) {
      throw new GitHubApiException(
          "manifest conversion", 201, "the answer lacks id, pem, webhook_secret or html_url");
    }
    return new RegisteredApp(
        new AppCredentials(id, Secret.of(pem), Secret.of(secret)),
        n.path("slug").asText(""),
        htmlUrl);
  }
}
