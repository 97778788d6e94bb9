package dev.specwright.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * JSON over GitHub's REST API through the shared client chain: one request per call, so the narrow
 * ports (permission check, comments, deliveries) cost exactly the requests they need. Paths are
 * relative to {@code GITHUB_API_URL}.
 */
public final class GitHubRest {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

  private final HttpUrl base;
  private final OkHttpClient http;

  public GitHubRest(URI apiUrl, OkHttpClient http) {
    this.base = HttpUrl.get(apiUrl.toString().endsWith("/") ? apiUrl.toString() : apiUrl + "/");
    this.http = http;
  }

  public JsonNode get(String path) throws IOException {
    return call("GET", path, null, Map.of());
  }

  public JsonNode post(String path, Object body) throws IOException {
    return call("POST", path, body, Map.of());
  }

  /** A call with extra headers (such as {@code Authorization} for app-level calls). */
  public JsonNode call(String method, String path, Object body, Map<String, String> headers)
      throws IOException {
    return exchange(method, path, body, headers).body();
  }

  /** An answer: the JSON body and, for a paged list, the path of the next page. */
  public record Reply(JsonNode body, Optional<String> nextPage) {}

  public Reply exchange(String method, String path, Object body, Map<String, String> headers)
      throws IOException {
    HttpUrl url = resolve(path);
    RequestBody rb =
        body == null
            ? (method.equals("GET") ? null : RequestBody.create(new byte[0], JSON_TYPE))
            : RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
    Request.Builder req =
        new Request.Builder()
            .url(url)
            .method(method, rb)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28");
    headers.forEach(req::header);
    try (Response response = http.newCall(req.build()).execute()) {
      ResponseBody rbody = response.body();
      String text = rbody == null ? "" : rbody.string();
      if (!response.isSuccessful()) {
        throw new GitHubApiException(
            method + " " + url.encodedPath(), response.code(), errorMessage(text));
      }
      JsonNode json = text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
      return new Reply(json, nextPage(response.header("Link")));
    }
  }

  /** The {@code rel="next"} target of a Link header, relative to the API base. */
  Optional<String> nextPage(String link) {
    if (link == null) {
      return Optional.empty();
    }
    Matcher m = NEXT.matcher(link);
    if (!m.find()) {
      return Optional.empty();
    }
    HttpUrl next = HttpUrl.parse(m.group(1));
    if (next == null || !next.host().equals(base.host())) {
      return Optional.empty();
    }
    String full = next.toString();
    String prefix = base.toString();
    return full.startsWith(prefix)
        ? Optional.of(full.substring(prefix.length()))
        : Optional.empty();
  }

  HttpUrl resolve(String path) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    HttpUrl url = base.resolve(relative);
    if (url == null) {
      throw new IllegalArgumentException("not a path: " + path);
    }
    return url;
  }

  private static String errorMessage(String body) {
    try {
      return JSON.readTree(body).path("message").asText("");
    } catch (IOException e) {
      return "";
    }
  }
}
