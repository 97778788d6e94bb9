package dev.specwright.config;

import java.net.URI;

/**
 * Which GitHub to talk to. {@code GITHUB_API_URL} defaults to {@code https://api.github.com}; for
 * GitHub Enterprise Server it is {@code https://<host>/api/v3}. The web URL (where apps are
 * registered and installed) is derived from it: {@code https://github.com} for github.com, the
 * host's root for Enterprise Server.
 */
public record GitHubSettings(URI apiUrl, URI webUrl) {

  public static final String GITHUB_API_URL = "GITHUB_API_URL";
  public static final String DEFAULT_API_URL = "https://api.github.com";

  public static GitHubSettings from(Env env) {
    return of(HttpUrls.parse(GITHUB_API_URL, env.get(GITHUB_API_URL, DEFAULT_API_URL)));
  }

  public static GitHubSettings of(URI apiUrl) {
    return new GitHubSettings(apiUrl, webUrlOf(apiUrl));
  }

  static URI webUrlOf(URI api) {
    String host = api.getHost();
    if (host.equals("api.github.com")) {
      return URI.create("https://github.com");
    }
    if (host.startsWith("api.") && host.endsWith(".ghe.com")) {
      // GitHub Enterprise Cloud with data residency: api.<tenant>.ghe.com -> <tenant>.ghe.com
      return URI.create(api.getScheme() + "://" + host.substring(4));
    }
    String path = api.getPath() == null ? "" : api.getPath();
    if (path.endsWith("/api/v3")) {
      path = path.substring(0, path.length() - "/api/v3".length());
    }
    String port = api.getPort() > 0 ? ":" + api.getPort() : "";
    return URI.create(api.getScheme() + "://" + host + port + path);
  }
}
