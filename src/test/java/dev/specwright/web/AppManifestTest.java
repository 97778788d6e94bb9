package dev.specwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppManifestTest {

  @Test
  void asksForExactlyThePermissionsAndEventsSpecwrightNeeds() {
    JsonNode m = AppManifest.fromClasspath().template();
    Map<String, String> permissions = new java.util.TreeMap<>();
    m.get("default_permissions")
        .properties()
        .forEach(e -> permissions.put(e.getKey(), e.getValue().asText()));
    assertThat(permissions)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "contents", "write",
                "issues", "write",
                "pull_requests", "write",
                "checks", "write",
                "metadata", "read"));
    List<String> events = new ArrayList<>();
    m.get("default_events").forEach(e -> events.add(e.asText()));
    assertThat(events)
        .containsExactlyInAnyOrder(
            "issues",
            "issue_comment",
            "pull_request",
            "pull_request_review",
            "pull_request_review_comment",
            "check_run");
    assertThat(m.get("public").asBoolean()).isFalse();
  }

  @Test
  void jarCarriesTheTopLevelManifestUnchanged() throws Exception {
    assertThat(Files.readString(Path.of("src/main/resources/app-manifest.yml")))
        .isEqualTo(Files.readString(Path.of("app-manifest.yml")));
  }

  @Test
  void manifestForServerPointsGitHubAtThisServer() throws Exception {
    JsonNode m =
        new ObjectMapper()
            .readTree(AppManifest.fromClasspath().forServer(URI.create("https://sw.example.com/")));
    assertThat(m.get("url").asText()).isEqualTo("https://sw.example.com");
    assertThat(m.at("/hook_attributes/url").asText()).isEqualTo("https://sw.example.com/webhook");
    assertThat(m.get("redirect_url").asText()).isEqualTo("https://sw.example.com/setup/callback");
  }
}
