package dev.specwright.github.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specwright.github.Fixtures;
import dev.specwright.github.IssueComments;
import dev.specwright.github.Permission;
import dev.specwright.github.RepoPermissions;
import dev.specwright.github.RepoRef;
import dev.specwright.queue.DeliveryHandler.Result;
import dev.specwright.store.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec label handler against small fakes that record what it did as plain strings. */
class SpecLabelHandlerTest {

  final List<String> calls = new ArrayList<>();

  /** Permissions by login; records each question. */
  RepoPermissions permissions(Map<String, Permission> byLogin) {
    return (repo, login) -> {
      calls.add("permission " + repo + " " + login);
      return byLogin.getOrDefault(login, Permission.NONE);
    };
  }

  /** Comments kept in memory; records each post. */
  final IssueComments comments =
      new IssueComments() {
        final List<Comment> posted = new ArrayList<>();

        @Override
        public long post(RepoRef repo, int issue, String body) {
          calls.add("comment " + repo + "#" + issue);
          posted.add(new Comment(posted.size() + 1, "specwright[bot]", body));
          return posted.size();
        }

        @Override
        public List<Comment> list(RepoRef repo, int issue) {
          return List.copyOf(posted);
        }
      };

  /** The recorded issues.labeled payload, extended with an installation and the given label. */
  static Delivery labeled(String label, String sender, String senderType) {
    ObjectNode p = Fixtures.webhook("issues.labeled");
    p.putObject("installation")
        .put("id", 11111111)
        .put("node_id", "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMTExMTExMTE=");
    ((ObjectNode) p.get("label")).put("name", label);
    ((ObjectNode) p.get("sender")).put("login", sender).put("type", senderType);
    return new Delivery("d-1", "issues", p.toString(), Instant.EPOCH);
  }

  EventRouter router(Map<String, Permission> byLogin) {
    return new EventRouter(
        List.of(new SpecLabelHandler("spec", permissions(byLogin), new TakenUpComment(comments))),
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  @Test
  void adminLabelGetsTheIssueTakenUp() throws Exception {
    Result r =
        router(Map.of("Codertocat", Permission.ADMIN))
            .handle(labeled("spec", "Codertocat", "User"));
    assertThat(r).isEqualTo(Result.HANDLED);
    assertThat(calls)
        .containsExactly(
            "permission Codertocat/Hello-World Codertocat", "comment Codertocat/Hello-World#1");
    assertThat(comments.list(null, 1).get(0).body())
        .contains(TakenUpComment.MARKER)
        .contains("@Codertocat");
  }

  @Test
  void labelFromReadOnlyUserPostsNothing() throws Exception {
    Result r =
        router(Map.of("Codertocat", Permission.READ)).handle(labeled("spec", "Codertocat", "User"));
    assertThat(r).isEqualTo(Result.IGNORED);
    assertThat(calls).containsExactly("permission Codertocat/Hello-World Codertocat");
  }

  @Test
  void labelFromTriagerPostsNothing() throws Exception {
    router(Map.of("Codertocat", Permission.TRIAGE)).handle(labeled("spec", "Codertocat", "User"));
    assertThat(calls).noneMatch(c -> c.startsWith("comment"));
  }

  @Test
  void labelFromABotNeverTriggersWorkNorAsksPermission() throws Exception {
    var router =
        router(Map.of("specwright[bot]", Permission.ADMIN, "renovate[bot]", Permission.ADMIN));
    assertThat(router.handle(labeled("spec", "specwright[bot]", "Bot"))).isEqualTo(Result.IGNORED);
    assertThat(router.handle(labeled("spec", "renovate[bot]", "User"))).isEqualTo(Result.IGNORED);
    assertThat(calls).isEmpty();
  }

  @Test
  void otherLabelIsIgnoredWithoutAnyCall() throws Exception {
    Result r =
        router(Map.of("Codertocat", Permission.ADMIN)).handle(labeled("bug", "Codertocat", "User"));
    assertThat(r).isEqualTo(Result.IGNORED);
    assertThat(calls).isEmpty();
  }

  @Test
  void specLabelMatchesWhateverTheCase() throws Exception {
    router(Map.of("Codertocat", Permission.WRITE)).handle(labeled("Spec", "Codertocat", "User"));
    assertThat(calls).contains("comment Codertocat/Hello-World#1");
  }

  @Test
  void replayedDeliveryCommentsOnce() throws Exception {
    var router = router(Map.of("Codertocat", Permission.MAINTAIN));
    router.handle(labeled("spec", "Codertocat", "User"));
    router.handle(labeled("spec", "Codertocat", "User"));
    assertThat(calls).filteredOn(c -> c.startsWith("comment")).hasSize(1);
  }

  @Test
  void labelWithoutInstallationIsIgnored() throws Exception {
    ObjectNode p = Fixtures.webhook("issues.labeled"); // as recorded: no installation
    ((ObjectNode) p.get("label")).put("name", "spec");
    Result r =
        router(Map.of("Codertocat", Permission.ADMIN))
            .handle(new Delivery("d-2", "issues", p.toString(), Instant.EPOCH));
    assertThat(r).isEqualTo(Result.IGNORED);
    assertThat(calls).isEmpty();
  }

  @Test
  void unknownEventAndOtherActionsAreIgnored() throws Exception {
    var router = router(Map.of("Codertocat", Permission.ADMIN));
    assertThat(router.handlesEvent("star")).isFalse();
    assertThat(
            router.handle(
                new Delivery(
                    "d-3", "star", Fixtures.read("github/webhooks/ping.json"), Instant.EPOCH)))
        .isEqualTo(Result.IGNORED);
    assertThat(
            router.handle(
                new Delivery(
                    "d-4",
                    "issues",
                    Fixtures.read("github/webhooks/issues.opened.json"),
                    Instant.EPOCH)))
        .isEqualTo(Result.IGNORED);
    assertThat(calls).isEmpty();
  }
}
