package dev.specwright.run.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.specwright.cli.GitHubDoubleAccess;
import dev.specwright.config.AppCredentials;
import dev.specwright.config.GitHubSettings;
import dev.specwright.config.Secret;
import dev.specwright.github.CurrentApp;
import dev.specwright.github.Fixtures;
import dev.specwright.github.GitHubHttp;
import dev.specwright.github.GitHubRepoPermissions;
import dev.specwright.github.Sleeper;
import dev.specwright.run.Permission;
import dev.specwright.run.RepoRef;
import dev.specwright.run.RunGitHub.CheckRunSpec;
import dev.specwright.run.RunGitHub.InlineComment;
import dev.specwright.run.RunGitHub.PullRequestSpec;
import dev.specwright.run.RunGitHub.ReviewEvent;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's GitHub adapter against a stateful GitHub double (recorded response shapes): every write
 * repeated finds what the first made, so a replayed step never duplicates.
 */
class GitHubRunPortsTest {

  @TempDir Path temp;
  WireMockServer server;
  GitHubDoubleAccess gh;
  GitHubRunPorts ports;
  RepoRef repo;

  @BeforeEach
  void start() throws Exception {
    Git.init().setBare(true).setDirectory(temp.resolve("remote.git").toFile()).call().close();
    gh = new GitHubDoubleAccess(temp.resolve("remote.git"));
    server = new WireMockServer(options().dynamicPort().extensions(gh.extension()));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers("github-double")));
    Clock clock = Clock.systemUTC();
    CurrentApp app =
        new CurrentApp(
            GitHubSettings.of(URI.create(server.baseUrl())),
            GitHubHttp.create(clock, Sleeper.REAL, Duration.ZERO),
            clock);
    app.load(new AppCredentials(330788, Fixtures.pkcs1Pem(), Secret.of("webhook-secret")));
    ports =
        new GitHubRunPorts(
            app, new GitHubRepoPermissions(app, clock, Duration.ofMinutes(1)), gh::botLogin);
    repo = new RepoRef(gh.owner(), gh.name(), gh.installation());
    gh.role("maria", "admin");
    gh.role("rick", "read");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void statusCommentIsEditedInPlaceNotPostedTwice() {
    gh.issue(7, "Add a widget", "Please add it.", "maria");
    var first = ports.upsertComment(repo, 7, "<!-- m -->", "<!-- m -->\nplanning");
    var second = ports.upsertComment(repo, 7, "<!-- m -->", "<!-- m -->\ndone");
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(gh.commentBodies(7)).containsExactly("<!-- m -->\ndone");
  }

  @Test
  void markerPastedByAPersonIsNeverEdited() {
    gh.issue(7, "Add a widget", "Please add it.", "maria");
    gh.humanComment(7, "rick", "fake status <!-- m -->");
    ports.upsertComment(repo, 7, "<!-- m -->", "<!-- m -->\nreal");
    assertThat(gh.commentBodies(7)).containsExactly("fake status <!-- m -->", "<!-- m -->\nreal");
  }

  @Test
  void issueCarriesEachCommentersPermissionAndFlagsBots() {
    gh.issue(7, "Add a widget", "Please add it.", "maria");
    gh.humanComment(7, "rick", "me too");
    ports.upsertComment(repo, 7, "<!-- m -->", "<!-- m -->\nstatus");
    var issue = ports.issue(repo, 7);
    assertThat(issue.authorPermission()).isEqualTo(Permission.ADMIN);
    assertThat(issue.comments())
        .extracting(c -> c.author() + " " + c.permission() + " bot=" + c.bot())
        .containsExactly("rick READ bot=false", gh.botLogin() + " NONE bot=true");
  }

  @Test
  void pullRequestIsFoundByHeadThenMadeReady() {
    var first =
        ports.upsertPullRequest(
            repo, new PullRequestSpec("specwright/7-x/a", "main", "A", "b", true));
    var second =
        ports.upsertPullRequest(
            repo, new PullRequestSpec("specwright/7-x/a", "main", "A2", "b2", false));
    assertThat(second.number()).isEqualTo(first.number());
    assertThat(gh.pullSummaries()).containsExactly("#" + first.number() + " A2 draft=false");
  }

  @Test
  void reviewIsPostedOnceWithInlineCommentsOnTheNewSide() {
    var pr =
        ports.upsertPullRequest(
            repo, new PullRequestSpec("specwright/7-x/a", "main", "A", "b", false));
    List<InlineComment> inline = List.of(new InlineComment("src/A.java", 3, "off by one"));
    var r1 =
        ports.ensureReview(
            repo, pr.number(), "<!-- r1 -->", ReviewEvent.COMMENT, "<!-- r1 -->ok", inline);
    var r2 =
        ports.ensureReview(
            repo, pr.number(), "<!-- r1 -->", ReviewEvent.COMMENT, "<!-- r1 -->ok", inline);
    assertThat(r2.id()).isEqualTo(r1.id());
    assertThat(gh.reviewSummaries(pr.number()))
        .containsExactly("COMMENTED src/A.java:3:RIGHT off by one");
  }

  @Test
  void checkRunIsUpdatedByHeadShaAndName() {
    CheckRunSpec running =
        new CheckRunSpec("Specwright", "in_progress", Optional.empty(), "running", "s", null);
    CheckRunSpec done =
        new CheckRunSpec(
            "Specwright", "completed", Optional.of("success"), "done", "s", "https://x/1");
    ports.upsertCheckRun(repo, "a".repeat(40), running);
    ports.upsertCheckRun(repo, "a".repeat(40), done);
    assertThat(gh.checkSummaries()).containsExactly("Specwright completed success");
  }

  static final String SUB = "<!-- specwright:sub-issue:1:api -->";

  int ensureApiSubIssue() {
    return ports.ensureSubIssue(repo, 7, SUB, "API", SUB + "\nBuild the API.\n\nPart of #7");
  }

  @Test
  void subIssueIsCreatedThenLinkedByItsIdNotItsNumber() {
    gh.issue(7, "Add a widget", "Please add it.", "maria");

    int n = ensureApiSubIssue();

    assertThat(gh.issueSummaries(7)).containsExactly("#" + n + " open API");
    assertThat(gh.subIssuesOf(7)).containsExactly(n);
    assertThat(gh.issueWrites()).containsExactly("POST /issues", "POST /issues/7/sub_issues");
  }

  @Test
  void replayAfterAFailedLinkLinksTheIssueItMadeInsteadOfMakingASecond() {
    gh.issue(7, "Add a widget", "Please add it.", "maria");
    gh.failOnce("POST /issues/7/sub_issues");

    assertThatThrownBy(this::ensureApiSubIssue).isInstanceOf(UncheckedIOException.class);
    assertThat(gh.subIssuesOf(7)).isEmpty();
    int n = ensureApiSubIssue();

    assertThat(gh.issueSummaries(7)).containsExactly("#" + n + " open API");
    assertThat(gh.subIssuesOf(7)).containsExactly(n);
    assertThat(gh.issueWrites()).containsExactly("POST /issues", "POST /issues/7/sub_issues");
  }

  @Test
  void alreadyLinkedSubIssuePostsNothing() {
    gh.issue(7, "Add a widget", "Please add it.", "maria");
    int first = ensureApiSubIssue();
    List<String> before = List.copyOf(gh.issueWrites());

    int again = ensureApiSubIssue();

    assertThat(again).isEqualTo(first);
    assertThat(gh.issueWrites()).isEqualTo(before);
  }

  @Test
  void anIssueWithThePastedMarkerByAPersonIsNotTakenForTheSubtasks() {
    gh.issue(7, "Add a widget", "Please add it.", "maria");
    gh.issue(8, "Fake", SUB + " decoy", "rick");

    int n = ensureApiSubIssue();

    assertThat(n).isNotEqualTo(8);
    assertThat(gh.subIssuesOf(7)).containsExactly(n);
  }

  @Test
  void readsAFileFromTheDefaultBranchAndMissingIsEmpty() {
    gh.file(".github/specwright.yml", "playbook: bugfix\n");
    assertThat(ports.readFile(repo, ".github/specwright.yml")).contains("playbook: bugfix\n");
    assertThat(ports.readFile(repo, "AGENTS.md")).isEmpty();
  }
}
