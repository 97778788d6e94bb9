package dev.specwright.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ports against GitHub's recorded answers. */
class GitHubPortsTest {

  static final String PERMISSION =
      "/repos/hub4j-test-org/test-permission/collaborators/%s/permission";
  final WireMockGitHub gh = new WireMockGitHub();
  final RepoRef repo =
      new RepoRef(WireMockGitHub.INSTALLATION, "hub4j-test-org", "test-permission");
  GitHubRepoPermissions permissions;

  @BeforeEach
  void setUp() {
    gh.stubInstallationToken();
    GitHubApp app = gh.app();
    permissions = new GitHubRepoPermissions(app, gh.clock, Duration.ofMinutes(1));
    stubPermission("kohsuke", "collaborator-permission.admin.json");
    stubPermission("dude", "collaborator-permission.read.json");
  }

  void stubPermission(String user, String fixture) {
    gh.server.stubFor(
        get(urlPathEqualTo(PERMISSION.formatted(user)))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.read("github/api/" + fixture))));
  }

  @AfterEach
  void stop() {
    gh.close();
  }

  @Test
  void adminIsTrustedAndReadOnlyIsNot() throws Exception {
    assertThat(permissions.permission(repo, "kohsuke")).isEqualTo(Permission.ADMIN);
    assertThat(permissions.isTrusted(repo, "kohsuke")).isTrue();
    assertThat(permissions.permission(repo, "dude")).isEqualTo(Permission.READ);
    assertThat(permissions.isTrusted(repo, "dude")).isFalse();
    gh.server.verify(
        getRequestedFor(urlPathEqualTo(PERMISSION.formatted("kohsuke")))
            .withHeader("Authorization", equalTo("token " + WireMockGitHub.TOKEN)));
  }

  @Test
  void strangerWhoIsNoCollaboratorHasNoPermission() throws Exception {
    gh.server.stubFor(
        get(urlPathEqualTo(PERMISSION.formatted("mallory")))
            .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));
    assertThat(permissions.permission(repo, "mallory")).isEqualTo(Permission.NONE);
  }

  @Test
  void roleNameTellsMaintainAndTriageApart() throws Exception {
    gh.server.stubFor(
        get(urlPathEqualTo(PERMISSION.formatted("tri")))
            .willReturn(
                aResponse().withBody("{\"permission\":\"read\",\"role_name\":\"triage\"}")));
    gh.server.stubFor(
        get(urlPathEqualTo(PERMISSION.formatted("mai")))
            .willReturn(
                aResponse().withBody("{\"permission\":\"write\",\"role_name\":\"maintain\"}")));
    assertThat(permissions.permission(repo, "tri")).isEqualTo(Permission.TRIAGE);
    assertThat(permissions.isTrusted(repo, "tri")).isFalse();
    assertThat(permissions.permission(repo, "mai")).isEqualTo(Permission.MAINTAIN);
    assertThat(permissions.isTrusted(repo, "mai")).isTrue();
  }

  @Test
  void permissionIsCachedBriefly() throws Exception {
    permissions.permission(repo, "kohsuke");
    permissions.permission(repo, "kohsuke");
    gh.server.verify(1, getRequestedFor(urlPathEqualTo(PERMISSION.formatted("kohsuke"))));
    gh.clock.advance(Duration.ofSeconds(61));
    permissions.permission(repo, "kohsuke");
    gh.server.verify(2, getRequestedFor(urlPathEqualTo(PERMISSION.formatted("kohsuke"))));
  }

  @Test
  void loginWithPathCharactersCannotEscapeThePermissionUrl() throws Exception {
    gh.server.stubFor(
        get(urlPathEqualTo(
                "/repos/hub4j-test-org/test-permission/collaborators/..%2F..%2Fadmin/permission"))
            .willReturn(aResponse().withStatus(404).withBody("{}")));
    assertThat(permissions.permission(repo, "../../admin")).isEqualTo(Permission.NONE);
    gh.server.verify(
        getRequestedFor(
            urlPathEqualTo(
                "/repos/hub4j-test-org/test-permission/collaborators/..%2F..%2Fadmin/permission")));
  }

  @Test
  void postsCommentAndFindsItByMarker() throws Exception {
    GitHubIssueComments comments = new GitHubIssueComments(gh.app());
    RepoRef issueRepo = new RepoRef(WireMockGitHub.INSTALLATION, "hub4j-test-org", "GHIssueTest");
    gh.server.stubFor(
        post(urlPathEqualTo("/repos/hub4j-test-org/GHIssueTest/issues/15/comments"))
            .withRequestBody(equalToJson("{\"body\":\"First comment\"}"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.read("github/api/issue-comment.create.json"))));
    gh.server.stubFor(
        get(urlPathEqualTo("/repos/hub4j-test-org/GHIssueTest/issues/15/comments"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.read("github/api/issue-comments.list.json"))));
    long id = comments.post(issueRepo, 15, "First comment");
    assertThat(id).isPositive();
    assertThat(comments.list(issueRepo, 15)).isNotEmpty();
    assertThat(comments.findContaining(issueRepo, 15, "First comment")).isPresent();
    assertThat(comments.findContaining(issueRepo, 15, "<!-- specwright:")).isEmpty();
    gh.server.verify(
        postRequestedFor(urlPathEqualTo("/repos/hub4j-test-org/GHIssueTest/issues/15/comments"))
            .withHeader("Authorization", equalTo("token " + WireMockGitHub.TOKEN)));
  }
}
