package dev.specwright.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The human loop through the whole server, wired as {@code serve} wires it (real SQLite and queue,
 * the signed webhook route, the agent loop in bubblewrap, JGit pushing to a bare repository; GitHub
 * a stateful double speaking its recorded shapes, the model a scripted OpenAI-format server): a
 * maintainer switches the subtask's model, then requests changes in a review with inline threads;
 * the next attempt calls the new model, pushes a new commit to the same branch, and replies in the
 * threads; a replayed delivery of the review changes nothing.
 */
class HumanLoopEndToEndTest {

  static final int ISSUE = 7;
  static final String PLAN =
      """
      {"subtasks":[
        {"key":"greeting","title":"Add the greeting","description":"Write greeting.txt.",
         "acceptance_criteria":["greeting.txt says hello"],"files":["greeting.txt"],"depends_on":[]},
        {"key":"farewell","title":"Add the farewell","description":"Write farewell.txt.",
         "acceptance_criteria":["farewell.txt says bye"],"files":["farewell.txt"],
         "depends_on":["greeting"]}
      ]}""";

  @TempDir Path temp;
  Path bare;
  GitHubDouble gh;
  ScriptedModel model;
  WireMockServer github;
  WireMockServer provider;
  AppUnderTest app;
  final AtomicInteger deliveries = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
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
            new java.util.concurrent.ConcurrentHashMap<>(
                Map.of(
                    "greeting", new String[] {"greeting.txt", "hello\n"},
                    "farewell", new String[] {"farewell.txt", "goodbye\n"})));
    model.revisions.put("greeting", new String[] {"greeting.txt", "hello, world\n"});
    provider = new WireMockServer(options().dynamicPort().extensions(model));
    provider.start();
    provider.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(model.getName())));

    Path playbooks = temp.resolve("playbooks");
    Files.createDirectories(playbooks);
    StringBuilder yml = new StringBuilder();
    for (String role : List.of("researcher", "planner", "developer", "reviewer")) {
      yml.append(role).append(":\n  model: openai:gpt-4o-mini\n  fallbacks: []\n");
    }
    Files.writeString(playbooks.resolve("default.yml"), yml.toString());

    app = AppUnderTest.start(Dialect.SQLITE, temp, playbooks, github.baseUrl(), provider.baseUrl());
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
    return deliver(event, payload, "e2e-" + deliveries.incrementAndGet());
  }

  int deliver(String event, ObjectNode payload, String delivery) throws Exception {
    return app.deliver(event, payload, delivery);
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

  String head(String branch) throws Exception {
    try (Repository r = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
      return r.resolve("refs/heads/" + branch).name();
    }
  }

  String parentOf(String sha) throws Exception {
    try (Repository r = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
        RevWalk walk = new RevWalk(r)) {
      return walk.parseCommit(ObjectId.fromString(sha)).getParent(0).name();
    }
  }

  /** The {@code model} field of each developer request to the provider whose text holds marker. */
  List<String> modelsAsked(String marker) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    for (String r : model.requests) {
      if (r.contains("# Your subtask: greeting") && r.contains(marker)) {
        out.add(GitHubDouble.JSON.readTree(r).path("model").asText());
      }
    }
    return out;
  }

  ObjectNode reviewed(int pull, String branch, ObjectNode review) {
    ObjectNode p = Fixtures.webhook("pull_request_review.submitted");
    aboutTheRepository(p, "maria");
    p.set("review", review);
    ObjectNode pr = (ObjectNode) p.get("pull_request");
    pr.put("number", pull);
    ((ObjectNode) pr.get("head")).put("ref", branch);
    return p;
  }

  String statusRow() {
    return botComments().stream()
        .map(c -> c.path("body").asText())
        .filter(b -> b.contains("| subtask | state | PR |"))
        .flatMap(String::lines)
        .filter(l -> l.startsWith("| greeting |"))
        .findFirst()
        .orElse("");
  }

  static final String BRANCH = "specwright/" + ISSUE + "-greet-and-part/greeting";

  /** Labels the issue and waits until the one subtask's PR is reviewed by QA. */
  int inReview() throws Exception {
    assertThat(deliver("issues", labeled("maria"))).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                gh.pulls.size() == 1
                    && !gh.reviews.getOrDefault(101, List.of()).isEmpty()
                    && statusRow().contains("in review"));
    return gh.pulls.getFirst().path("number").asInt();
  }

  /** The real check_run.rerequested payload, on Specwright's check run of the subtask's head. */
  ObjectNode rerunRequested(int pull) throws Exception {
    ObjectNode p = Fixtures.webhook("check_run.rerequested");
    aboutTheRepository(p, "maria");
    ObjectNode run = (ObjectNode) p.get("check_run");
    run.put("name", "Specwright").put("head_sha", head(BRANCH));
    ((ObjectNode) run.get("app")).put("id", 330788);
    ((ObjectNode) run.get("check_suite")).put("head_branch", BRANCH);
    run.putArray("pull_requests").addObject().put("number", pull);
    return p;
  }

  long developerAttempts() {
    return model.roles.stream().filter(r -> r.equals("developer greeting")).count();
  }

  Optional<Path> workspaceOf(String key) throws Exception {
    try (var walk = Files.walk(temp.resolve("data"))) {
      return walk.filter(d -> d.endsWith(key) && Files.isDirectory(d.resolve(".git"))).findFirst();
    }
  }

  @Test
  void mergingThePullRequestStartsTheSubtaskThatWaitedForIt() throws Exception {
    int pull = inReview();
    assertThat(model.roles).doesNotContain("developer farewell");

    ObjectNode merged = Fixtures.webhook("pull_request.closed");
    aboutTheRepository(merged, "maria");
    ObjectNode pr = (ObjectNode) merged.get("pull_request");
    pr.put("number", pull).put("merged", true);
    ((ObjectNode) pr.get("head")).put("ref", BRANCH);
    assertThat(deliver("pull_request", merged)).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> gh.pulls.size() == 2 && statusRow().contains("| greeting | merged |"));
    assertThat(model.roles).contains("developer farewell");
    assertThat(fileOnBranch("specwright/" + ISSUE + "-greet-and-part/farewell", "farewell.txt"))
        .isEqualTo("goodbye\n");
  }

  @Test
  void aCheckReRunRunsTheSubtaskAgainAndCancelStopsItsRunningAgentWithinSeconds() throws Exception {
    int pull = inReview();
    String firstHead = head(BRANCH);

    // "Re-run" on Specwright's check run: a fresh attempt on the same branch and PR.
    model.files.put("greeting", new String[] {"greeting.txt", "hi\n"});
    assertThat(deliver("check_run", rerunRequested(pull))).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        // The status is coalesced and said "in review" before the re-run too: wait for a render
        // with both attempts' iterations (2 each), which comes only after the new review.
        .until(
            () ->
                !head(BRANCH).equals(firstHead)
                    && statusRow().matches(".*\\| in review \\| #\\d+ \\| [^|]+ \\| 4 \\|.*"));
    assertThat(developerAttempts()).isEqualTo(2);
    assertThat(fileOnBranch(BRANCH, "greeting.txt")).isEqualTo("hi\n");
    assertThat(parentOf(head(BRANCH))).isEqualTo(firstHead);
    assertThat(gh.pulls).hasSize(1);

    // Re-run again, on a provider that takes a minute to answer; /cancel while the agent waits.
    String secondHead = head(BRANCH);
    model.developerDelay = Duration.ofSeconds(60);
    model.files.put("greeting", new String[] {"greeting.txt", "never pushed\n"});
    assertThat(deliver("check_run", rerunRequested(pull))).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> workspaceOf("greeting").isPresent() && statusRow().contains("running"));
    int requests = model.requests.size();
    long cancelledAt = System.nanoTime();
    assertThat(deliver("issue_comment", commented("maria", "/cancel greeting"))).isEqualTo(202);

    // The agent stops within seconds: its workspace is removed and the status says cancelled.
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> workspaceOf("greeting").isEmpty() && statusRow().contains("cancelled"));
    assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(5));
    // And nothing more happens: no further model call, nothing pushed.
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              assertThat(model.requests).hasSize(requests);
              assertThat(head(BRANCH)).isEqualTo(secondHead);
            });
    assertThat(gh.checkRuns)
        .filteredOn(c -> c.path("head_sha").asText().equals(secondHead))
        .singleElement()
        .satisfies(c -> assertThat(c.path("conclusion").asText()).isEqualTo("cancelled"));
  }

  @Test
  void switchedModelAnswersTheReviewWithANewCommitOnTheSameBranchAndRepliesInItsThreads()
      throws Exception {
    String branch = BRANCH;
    int pull = inReview();
    String firstHead = head(branch);
    assertThat(modelsAsked("")).isNotEmpty().containsOnly("gpt-4o-mini");

    // A model outside the catalog is refused with the allowed ones; a catalog model is taken.
    ObjectNode switched =
        commented(
            "maria",
            "/switch-model developer openai:gpt-4-32k\n/switch-model greeting openai:gpt-5-mini");
    assertThat(deliver("issue_comment", switched)).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(botComments())
                    .anySatisfy(
                        c ->
                            assertThat(c.path("body").asText())
                                .contains("`openai:gpt-4-32k` is not in the model catalog")
                                .contains("Allowed models:")
                                .contains("`openai:gpt-5-mini`")
                                .contains("`openai:gpt-4o-mini`")
                                .contains("/switch-model greeting openai:gpt-5-mini")));

    // A maintainer requests changes in two threads on the diff.
    ObjectNode review =
        gh.humanReview(
            pull,
            "maria",
            "changes_requested",
            "Make it friendlier.",
            List.<String[]>of(
                new String[] {"greeting.txt", "1", "Greet the whole world."},
                new String[] {"greeting.txt", "1", "Keep the trailing newline."}));
    List<Long> threads =
        gh.reviewComments.stream()
            .filter(c -> c.path("pull_request_review_id").asLong() == review.path("id").asLong())
            .map(c -> c.path("id").asLong())
            .toList();
    assertThat(threads).hasSize(2);
    ObjectNode delivery = reviewed(pull, branch, review);
    assertThat(deliver("pull_request_review", delivery, "e2e-review")).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200))
        // The status comment is re-rendered by a coalesced step: wait for it to show the revision.
        .until(
            () ->
                gh.replies.size() == 2
                    && statusRow().contains("in review")
                    && statusRow().contains("`openai:gpt-5-mini`"));

    // A new commit on the same branch and the same PR, from the new model.
    String newHead = head(branch);
    assertThat(newHead).isNotEqualTo(firstHead);
    assertThat(parentOf(newHead)).isEqualTo(firstHead);
    assertThat(fileOnBranch(branch, "greeting.txt")).isEqualTo("hello, world\n");
    assertThat(gh.pulls).hasSize(1);
    assertThat(modelsAsked("## Review threads")).isNotEmpty().containsOnly("gpt-5-mini");
    assertThat(statusRow()).contains("`openai:gpt-5-mini`");

    // One reply in each thread, naming the commit, as the app.
    assertThat(gh.replies)
        .containsExactlyInAnyOrder(
            threads.stream()
                .map(
                    t ->
                        "#"
                            + pull
                            + " thread "
                            + t
                            + ": <!-- specwright:reply:1:greeting:2:"
                            + t
                            + " -->\nAddressed in "
                            + newHead.substring(0, 7)
                            + ": Changed greeting.txt as asked.")
                .toArray(String[]::new));
    assertThat(gh.reviewComments)
        .filteredOn(c -> c.has("in_reply_to_id"))
        .allSatisfy(
            c -> assertThat(c.path("user").path("login").asText()).isEqualTo(GitHubDouble.BOT));

    // GitHub delivers the review again (a new delivery id): nothing runs, nothing is posted.
    long attempts = developerAttempts();
    int comments = botComments().size();
    assertThat(deliver("pull_request_review", delivery, "e2e-review-again")).isEqualTo(202);
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(developerAttempts()).isEqualTo(attempts);
              assertThat(head(branch)).isEqualTo(newHead);
              assertThat(gh.replies).hasSize(2);
              assertThat(botComments()).hasSize(comments);
            });
    assertThat(gh.unknown).isEmpty();
  }
}
