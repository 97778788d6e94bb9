package dev.specwright.run.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specwright.github.Fixtures;
import dev.specwright.github.events.WebhookEvent;
import dev.specwright.llm.ModelRef;
import dev.specwright.playbook.PlaybookLibrary;
import dev.specwright.playbook.PlaybookSelector;
import dev.specwright.queue.DeliveryHandler.Result;
import dev.specwright.run.Permission;
import dev.specwright.run.RepoRef;
import dev.specwright.run.RunGitHub;
import dev.specwright.run.RunPolicy;
import dev.specwright.run.RunSettings;
import dev.specwright.run.SpecRuns;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label intake: which labels start nothing, and what an invalid repository file gets. (Labels
 * that do start a run are covered end to end in {@code SpecRunEndToEndTest}.)
 */
class LabelIntakeTest {

  @TempDir Path temp;
  Database db;
  final List<String> calls = new ArrayList<>();
  final Map<String, String> files = new HashMap<>();
  LabelIntake intake;

  /** Records writes as lines; answers permission and files from maps. */
  final class RecordingGitHub implements RunGitHub {
    @Override
    public Issue issue(RepoRef repo, int number) {
      calls.add("issue #" + number);
      return new Issue(number, "t", "b", "maria", Permission.ADMIN, "u", List.of());
    }

    @Override
    public Permission permission(RepoRef repo, String user) {
      return user.equals("maria") ? Permission.ADMIN : Permission.READ;
    }

    @Override
    public Optional<String> readFile(RepoRef repo, String path) {
      return Optional.ofNullable(files.get(path));
    }

    @Override
    public CommentRef upsertComment(RepoRef repo, int issue, String marker, String body) {
      calls.add(
          "comment #" + issue + " " + marker + " " + body.lines().skip(1).findFirst().orElse(""));
      return new CommentRef(1, "u");
    }

    @Override
    public PullRequestRef upsertPullRequest(RepoRef repo, PullRequestSpec spec) {
      throw new AssertionError();
    }

    @Override
    public ReviewRef ensureReview(
        RepoRef r, int p, String m, ReviewEvent e, String b, List<InlineComment> c) {
      throw new AssertionError();
    }

    @Override
    public void upsertCheckRun(RepoRef repo, String headSha, CheckRunSpec check) {
      throw new AssertionError();
    }

    @Override
    public Optional<CommentRef> replyInThread(RepoRef r, int p, long thread, String m, String b) {
      throw new AssertionError();
    }

    @Override
    public int ensureSubIssue(RepoRef repo, int parent, String marker, String title, String body) {
      throw new AssertionError();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabases.open(Dialect.SQLITE, temp);
    RunGitHub github = new RecordingGitHub();
    RunPolicy policy =
        RunPolicy.defaults(ModelRef.parse("openai:gpt-4o"), ModelRef.parse("openai:gpt-4o-mini"));
    SpecRuns runs =
        new SpecRuns(
            db.dataSource(), github, null, null, RunSettings.of(policy), Clock.systemUTC());
    intake =
        new LabelIntake(
            new PlaybookSelector(PlaybookLibrary.at(temp.resolve("playbooks"))),
            e -> policy,
            github,
            runs.control());
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  static WebhookEvent labeled(String label, String sender, String senderType) {
    ObjectNode p = Fixtures.webhook("issues.labeled");
    p.putObject("installation").put("id", 42);
    ((ObjectNode) p.get("repository")).put("full_name", "octo/widgets");
    ((ObjectNode) p.get("label")).put("name", label);
    ((ObjectNode) p.get("sender")).put("login", sender).put("type", senderType);
    ((ObjectNode) p.get("issue")).put("number", 7);
    return new WebhookEvent("d-1", "issues", "labeled", p);
  }

  @Test
  void aLabelThatIsNoSpecLabelStartsNothing() {
    assertThat(intake.handle(labeled("bug", "maria", "User"))).isEqualTo(Result.IGNORED);
    assertThat(calls).isEmpty();
  }

  @Test
  void aBotsSpecLabelStartsNothing() {
    assertThat(intake.handle(labeled("spec", "dependabot[bot]", "Bot"))).isEqualTo(Result.IGNORED);
    assertThat(calls).isEmpty();
  }

  @Test
  void anUnknownPlaybookGetsOneExplanatoryCommentAndNoRun() {
    assertThat(intake.handle(labeled("spec:nonesuch", "maria", "User"))).isEqualTo(Result.HANDLED);
    assertThat(calls)
        .singleElement()
        .asString()
        .startsWith("comment #7 " + LabelIntake.REJECTED_MARKER)
        .contains("did not start a run");
  }

  @Test
  void anInvalidRepositoryFileGetsOneCommentAndNoRun() {
    files.put(".github/specwright.yml", "playbook: [not, a, name]\n");
    intake.handle(labeled("spec", "maria", "User"));
    assertThat(calls).singleElement().asString().contains("did not start a run");
  }

  @Test
  void aReadOnlyUsersBrokenLabelGetsNoComment() {
    assertThat(intake.handle(labeled("spec:nonesuch", "rick", "User"))).isEqualTo(Result.IGNORED);
    assertThat(calls).isEmpty();
  }
}
