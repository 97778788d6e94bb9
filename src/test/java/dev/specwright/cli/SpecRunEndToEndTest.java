package dev.specwright.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.specwright.github.Fixtures;
import dev.specwright.store.Dialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole server in-process, as {@code serve} wires it, on each database (SQLite and PostgreSQL):
 * a real database and job queue, the real webhook route checking signatures, the real agent loop in
 * bubblewrap, JGit workspaces pushing to a local bare repository named by GitHub's {@code
 * clone_url}; GitHub is a stateful double on WireMock speaking its recorded shapes, and the model a
 * scripted provider in OpenAI's format.
 */
class SpecRunEndToEndTest {

  static final int ISSUE = 7;
  static final String PLAN =
      """
      {"subtasks":[
        {"key":"greeting","title":"Add the greeting","description":"Write greeting.txt.",
         "acceptance_criteria":["greeting.txt says hello"],"files":["greeting.txt"],"depends_on":[]},
        {"key":"farewell","title":"Add the farewell","description":"Write farewell.txt.",
         "acceptance_criteria":["farewell.txt says goodbye"],"files":["farewell.txt"],"depends_on":[]}
      ]}""";

  @TempDir Path temp;
  Path bare;
  GitHubDouble gh;
  ScriptedModel model;
  WireMockServer github;
  WireMockServer provider;
  AppUnderTest app;
  final AtomicInteger deliveries = new AtomicInteger();

  void start(Dialect dialect) throws Exception {
    bare = temp.resolve("widgets.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    Path seed = temp.resolve("seed");
    try (Git g = Git.init().setInitialBranch("main").setDirectory(seed.toFile()).call()) {
      Files.writeString(seed.resolve("README.md"), "# widgets\n");
      g.add().addFilepattern(".").call();
      g.commit().setMessage("initial").setAuthor("seed", "seed@example.test").setSign(false).call();
      g.push().setRemote(bare.toUri().toString()).add("main").call();
    }

    gh = new GitHubDouble(bare);
    gh.roles.put("maria", "admin");
    gh.roles.put("rick", "read");
    gh.issue(ISSUE, "Greet and part", "Add a greeting and a farewell file.", "maria");
    github = new WireMockServer(options().dynamicPort().extensions(gh));
    github.start();
    github.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(gh.getName())));

    model =
        new ScriptedModel(
            PLAN,
            Map.of(
                "greeting", new String[] {"greeting.txt", "hello\n"},
                "farewell", new String[] {"farewell.txt", "goodbye\n"}));
    provider = new WireMockServer(options().dynamicPort().extensions(model));
    provider.start();
    provider.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(model.getName())));

    Path playbooks = temp.resolve("playbooks");
    Files.createDirectories(playbooks);
    StringBuilder yml = new StringBuilder();
    for (String role : List.of("researcher", "planner", "developer", "reviewer")) {
      yml.append(role).append(":\n  model: openai:gpt-4o-mini\n  fallbacks: []\n");
    }
    yml.append("sub_issues: true\n");
    Files.writeString(playbooks.resolve("default.yml"), yml.toString());

    app = AppUnderTest.start(dialect, temp, playbooks, github.baseUrl(), provider.baseUrl());
  }

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (github != null) {
      github.stop();
    }
    if (provider != null) {
      provider.stop();
    }
  }

  int deliver(String event, ObjectNode payload) throws Exception {
    return app.deliver(event, payload, "e2e-" + deliveries.incrementAndGet());
  }

  static void aboutTheRepository(ObjectNode p, String sender) {
    p.putObject("installation").put("id", GitHubDouble.INSTALLATION);
    ObjectNode repo = (ObjectNode) p.get("repository");
    repo.put("full_name", GitHubDouble.OWNER + "/" + GitHubDouble.NAME)
        .put("name", GitHubDouble.NAME);
    ((ObjectNode) repo.get("owner")).put("login", GitHubDouble.OWNER);
    ObjectNode s = (ObjectNode) p.get("sender");
    s.put("login", sender).put("type", "User");
  }

  ObjectNode labeled(String sender) {
    ObjectNode p = Fixtures.webhook("issues.labeled");
    aboutTheRepository(p, sender);
    ((ObjectNode) p.get("label")).put("name", "spec");
    ObjectNode issue = (ObjectNode) p.get("issue");
    issue.put("number", ISSUE).put("title", "Greet and part");
    issue.remove("pull_request");
    return p;
  }

  ObjectNode commented(String sender, String body) {
    ObjectNode created = gh.humanComment(ISSUE, sender, body);
    ObjectNode p = Fixtures.webhook("issue_comment.created");
    aboutTheRepository(p, sender);
    ObjectNode issue = (ObjectNode) p.get("issue");
    issue.put("number", ISSUE);
    issue.remove("pull_request");
    ObjectNode comment = (ObjectNode) p.get("comment");
    comment.put("id", created.path("id").asLong()).put("body", body);
    ((ObjectNode) comment.get("user")).put("login", sender).put("type", "User");
    return p;
  }

  String fileOnBranch(String branch, String path) throws Exception {
    try (Repository r = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
      ObjectId head = r.resolve("refs/heads/" + branch);
      if (head == null) {
        return null;
      }
      try (RevWalk walk = new RevWalk(r);
          TreeWalk tree = TreeWalk.forPath(r, path, walk.parseCommit(head).getTree())) {
        return tree == null
            ? null
            : new String(r.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  List<ObjectNode> botComments() {
    return gh.commentsOn(ISSUE).stream()
        .filter(c -> c.path("user").path("login").asText().equals(GitHubDouble.BOT))
        .toList();
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void labeledIssueBecomesReviewedPullRequestsAndCommandsSteerIt(Dialect dialect) throws Exception {
    start(dialect);
    // What serve keeps from growing for ever: each retention job is scheduled at start.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(app.recurringJobs())
                    .contains(
                        "prune-command-ledger", "prune-deliveries", "prune-transcript-messages"));
    assertThat(deliver("issues", labeled("maria"))).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                gh.pulls.size() == 2
                    && gh.pulls.stream()
                        .allMatch(
                            p ->
                                !gh.reviews
                                    .getOrDefault(p.path("number").asInt(), List.of())
                                    .isEmpty()));

    // Plan, then the branches with what the scripted developers wrote.
    String slugBranch = "specwright/" + ISSUE + "-greet-and-part/";
    assertThat(fileOnBranch(slugBranch + "greeting", "greeting.txt")).isEqualTo("hello\n");
    assertThat(fileOnBranch(slugBranch + "farewell", "farewell.txt")).isEqualTo("goodbye\n");
    assertThat(fileOnBranch("main", "greeting.txt")).isNull();

    // One PR per subtask, each part of the issue, each reviewed with an inline comment.
    assertThat(gh.pulls)
        .extracting(p -> p.path("head").path("ref").asText())
        .containsExactlyInAnyOrder(slugBranch + "greeting", slugBranch + "farewell");
    // Each subtask is also a sub-issue of the spec issue, which its PR closes.
    List<Integer> subIssues =
        gh.subIssues.getOrDefault(ISSUE, List.of()).stream()
            .map(
                id ->
                    gh.issues.values().stream()
                        .filter(i -> i.path("id").asLong() == id)
                        .findFirst()
                        .orElseThrow()
                        .path("number")
                        .asInt())
            .toList();
    assertThat(subIssues).hasSize(2);
    assertThat(gh.issues).hasSize(3);
    for (ObjectNode pr : gh.pulls) {
      assertThat(pr.path("body").asText()).contains("Part of #" + ISSUE);
      assertThat(subIssues)
          .anySatisfy(n -> assertThat(pr.path("body").asText()).contains("Closes #" + n));
      assertThat(pr.path("base").path("ref").asText()).isEqualTo("main");
      List<ObjectNode> reviews = gh.reviews.get(pr.path("number").asInt());
      assertThat(reviews).hasSize(1);
      JsonNode inline = reviews.get(0).path("comments_for_test");
      assertThat(inline).hasSize(1);
      assertThat(inline.get(0).path("line").asInt()).isEqualTo(1);
      assertThat(inline.get(0).path("side").asText()).isEqualTo("RIGHT");
    }

    // The plan and the status: comments by the app, the status edited in place.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(botComments())
                    .anySatisfy(c -> assertThat(c.path("body").asText()).contains("in review")));
    List<ObjectNode> mine = botComments();
    assertThat(mine)
        .filteredOn(c -> c.path("body").asText().contains("### Specwright plan for #" + ISSUE))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.path("body").asText())
                    .contains("**greeting** — Add the greeting · developer on `openai:gpt-4o-mini`")
                    .contains("**farewell** — Add the farewell"));
    String status =
        mine.stream()
            .map(c -> c.path("body").asText())
            .filter(b -> b.contains("| subtask | state | PR |"))
            .reduce((a, b) -> a + "\n----\n" + b)
            .orElseThrow();
    assertThat(status).doesNotContain("----"); // exactly one status comment
    String statusUrl =
        mine.stream()
            .filter(c -> c.path("body").asText().contains("| subtask | state | PR |"))
            .findFirst()
            .orElseThrow()
            .path("html_url")
            .asText();
    // The Specwright check run on each PR links to that comment.
    assertThat(gh.checkRuns)
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.path("details_url").asText()).isEqualTo(statusUrl));
    assertThat(status).contains("#101").contains("#102").contains("2,000 in / 200 out");
    assertThat(gh.edits).anyMatch(e -> e.startsWith("comment "));

    // No secret reached the model or GitHub.
    assertThat(model.requests)
        .noneMatch(r -> r.contains(GitHubDouble.TOKEN) || r.contains("sk-e2e"));
    assertThat(gh.unknown).isEmpty();
    assertThat(model.requests)
        .noneMatch(r -> r.contains(GitHubDouble.TOKEN) || r.contains("sk-e2e"));
    assertThat(model.roles)
        .contains("researcher", "planner", "developer greeting", "developer farewell")
        .contains("reviewer greeting", "reviewer farewell");

    // A maintainer merges the greeting PR: the status shows it merged, still one comment.
    ObjectNode merged = Fixtures.webhook("pull_request.closed");
    aboutTheRepository(merged, "maria");
    ObjectNode greetingPr =
        gh.pulls.stream()
            .filter(p -> p.path("head").path("ref").asText().endsWith("/greeting"))
            .findFirst()
            .orElseThrow();
    ObjectNode pr = (ObjectNode) merged.get("pull_request");
    pr.put("number", greetingPr.path("number").asInt()).put("merged", true);
    ((ObjectNode) pr.get("head")).put("ref", greetingPr.path("head").path("ref").asText());
    assertThat(deliver("pull_request", merged)).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(botComments())
                    .filteredOn(c -> c.path("body").asText().contains("| subtask | state | PR |"))
                    .singleElement()
                    .satisfies(
                        c ->
                            assertThat(c.path("body").asText()).contains("| greeting | merged |")));

    // A maintainer's /cancel is acknowledged with 👀 and a reply.
    ObjectNode cancel = commented("maria", "/cancel");
    long cancelId = cancel.path("comment").path("id").asLong();
    assertThat(deliver("issue_comment", cancel)).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(gh.reactions).contains("eyes on comment " + cancelId);
              assertThat(botComments())
                  .anySatisfy(
                      c ->
                          assertThat(c.path("body").asText())
                              .contains("@maria")
                              .contains("/cancel"));
            });

    // A read-only user's command gets one refusal and does nothing.
    int before = botComments().size();
    assertThat(deliver("issue_comment", commented("rick", "/retry"))).isEqualTo(202);
    assertThat(deliver("issue_comment", commented("rick", "/retry greeting"))).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(10))
        .during(Duration.ofMillis(1500))
        .untilAsserted(
            () ->
                assertThat(botComments().subList(before, botComments().size()))
                    .singleElement()
                    .satisfies(
                        c ->
                            assertThat(c.path("body").asText())
                                .contains("@rick")
                                .contains("write access")));
    assertThat(gh.reactions).hasSize(1);

    // Every delivery of the run was processed: the backlog gauge is back to zero.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(app.metrics()).contains("\nspecwright_deliveries_pending 0.0\n"));
  }

  @Test
  void anInjectedIssueObeyedByTheModelLeaksNoSecretToTheModelGitHubOrTheBranch() throws Exception {
    start(Dialect.SQLITE);
    gh.issue(
        ISSUE,
        "Greet and part",
        "Add a greeting and a farewell file.\n\n" + ScriptedModel.INJECTION + ".",
        "maria");

    assertThat(deliver("issues", labeled("maria"))).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> gh.pulls.size() == 2);

    // The developers did run the dump, in their sandboxes, and it was committed and reported.
    String slugBranch = "specwright/" + ISSUE + "-greet-and-part/";
    String leak = fileOnBranch(slugBranch + "greeting", "leak.txt");
    assertThat(leak).contains("PATH=").contains("---");
    assertThat(gh.pulls)
        .allSatisfy(p -> assertThat(p.path("body").asText()).contains("everything I could find"));

    List<String> secrets = List.of(GitHubDouble.TOKEN, "sk-e2e-provider-key", "e2e-webhook-secret");
    List<String> everything = new java.util.ArrayList<>(model.requests);
    github.getAllServeEvents().forEach(e -> everything.add(e.getRequest().getBodyAsString()));
    everything.add(leak);
    everything.add(fileOnBranch(slugBranch + "farewell", "leak.txt"));
    for (String secret : secrets) {
      assertThat(everything).as(secret).noneMatch(s -> s != null && s.contains(secret));
    }
    assertThat(model.requests).anyMatch(r -> r.contains("PATH="));
  }
}
