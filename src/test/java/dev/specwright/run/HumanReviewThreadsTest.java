package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.specwright.run.Agents.EndReason;
import dev.specwright.store.Dialect;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person's changes-requested review with inline threads: the developer gets each thread with its
 * id, says which it addressed, and after the push the run replies in exactly those threads, once.
 */
class HumanReviewThreadsTest {

  @TempDir Path tmp;

  static final String ONE_TASK =
      """
      {"subtasks":[{"key":"api","title":"Login endpoint","description":"Add POST /login.",
       "acceptance_criteria":["returns a session cookie"],"files":[],"depends_on":[]}]}
      """;

  static final List<ReviewThread> THREADS =
      List.of(
          new ReviewThread(1641771497L, "api.txt", 1, "Use a constant-time compare here."),
          new ReviewThread(1641771499L, "README.md", 0, "Document the cookie's lifetime."));

  static final String ANSWER =
      """
      {"summary":"Compared in constant time.",
       "threads":[
         {"id":1641771497,"reply":"Switched to MessageDigest.isEqual; thanks @carol, fixes #3."},
         {"id":4242,"reply":"A thread I was never given."}]}
      """;

  RunWorld inReview(RunWorld w) {
    w.agents.planAnswers.clear();
    w.agents.planAnswers.add(ONE_TASK);
    w.agents.developers.put(
        "api",
        (task, n, c) -> {
          ScriptedAgents.write(task, "api.txt", "attempt " + n + "\n");
          return w.agents.result(task, EndReason.FINISHED, n == 1 ? "Implemented api." : ANSWER, 1);
        });
    w.label();
    w.awaitTask("api", TaskState.IN_REVIEW);
    return w;
  }

  RunControl.Result review(RunWorld w, long reviewId) {
    return w.control()
        .onChangesRequested(
            RunWorld.REPO, w.task("api").prNumber(), reviewId, "carol", "Two things.", THREADS);
  }

  void awaitRevised(RunWorld w) {
    await().until(() -> w.agents.requestsOf(Role.DEVELOPER).size() == 2);
    w.awaitTask("api", TaskState.IN_REVIEW);
  }

  @Test
  void repliesAfterThePushInEachThreadTheDeveloperAddressedAndInNoOther() throws Exception {
    try (RunWorld w = inReview(new RunWorld(Dialect.SQLITE, tmp))) {
      int pr = w.task("api").prNumber();
      assertThat(review(w, 77).ok()).isTrue();
      awaitRevised(w);

      String prompt = w.agents.requestsOf(Role.DEVELOPER).get(1);
      assertThat(prompt)
          .contains("Review by @carol")
          .contains("### Thread 1641771497 on `api.txt:1`")
          .contains("Use a constant-time compare here.")
          .contains("### Thread 1641771499 on `README.md`\n")
          .contains("\"threads\":[{\"id\":<thread id>");
      await().until(() -> !w.github.lines("reply in thread").isEmpty());
      String sha = w.task("api").headSha();
      assertThat(w.github.lines("reply in thread"))
          .containsExactly(
              "reply in thread 1641771497 on pr #"
                  + pr
                  + ": Addressed in "
                  + sha.substring(0, 7)
                  + ": Switched to MessageDigest.isEqual; thanks @\u200Dcarol, fixes #\u200D3.");
      // The summary, not the JSON, is what the commit and the PR say.
      assertThat(w.workspaces.log)
          .anyMatch(l -> l.contains("commit specwright/7-add-auth/api") && l.contains("api:"));
      assertThat(w.github.prs.get("specwright/7-add-auth/api").body())
          .contains("Compared in constant time.")
          .doesNotContain("\"threads\"");
      assertThat(w.workspaces.remote.get("specwright/7-add-auth/api"))
          .containsEntry("api.txt", "attempt 2\n");
      assertThat(w.runs.threads.all(w.run().id(), "api"))
          .extracting(r -> r.thread().threadId() + " " + r.answeredAttempt() + " " + r.reply())
          .containsExactly(
              "1641771497 2 Switched to MessageDigest.isEqual; thanks @carol, fixes #3.",
              "1641771499 2 null");
    }
  }

  @Test
  void theSameReviewDeliveredAgainAfterTheRevisionRepliesNoSecondTime() throws Exception {
    try (RunWorld w = inReview(new RunWorld(Dialect.SQLITE, tmp))) {
      assertThat(review(w, 77).ok()).isTrue();
      awaitRevised(w);
      await().until(() -> !w.github.lines("reply in thread").isEmpty());

      // A replay of the review's delivery reaches the run (the command layer's ledger aside): the
      // threads stay answered, so the next attempt is given none and posts nothing more.
      assertThat(review(w, 77).ok()).isTrue();
      await().until(() -> w.agents.requestsOf(Role.DEVELOPER).size() == 3);
      w.awaitTask("api", TaskState.IN_REVIEW);
      assertThat(w.agents.requestsOf(Role.DEVELOPER).get(2)).doesNotContain("### Thread");
      assertThat(w.github.lines("reply in thread")).hasSize(1);
    }
  }

  @Test
  void anAttemptThatDoesNotFinishRepliesNowhereAndTheNextOneIsGivenTheThreadsAgain()
      throws Exception {
    try (RunWorld w = inReview(new RunWorld(Dialect.SQLITE, tmp))) {
      w.agents.developers.put(
          "api",
          (task, n, c) -> {
            ScriptedAgents.write(task, "api.txt", "attempt " + n + "\n");
            return n == 2
                ? w.agents.result(task, EndReason.STUCK, ANSWER, 1)
                : w.agents.result(task, EndReason.FINISHED, ANSWER, 1);
          });
      assertThat(review(w, 77).ok()).isTrue();
      await().until(() -> w.agents.requestsOf(Role.DEVELOPER).size() == 3);
      w.awaitTask("api", TaskState.IN_REVIEW);
      List<String> dev = w.agents.requestsOf(Role.DEVELOPER);
      assertThat(dev.get(1)).contains("### Thread 1641771497");
      assertThat(dev.get(2)).contains("### Thread 1641771497");
      await().until(() -> !w.github.lines("reply in thread").isEmpty());
      assertThat(w.github.lines("reply in thread"))
          .singleElement()
          .satisfies(l -> assertThat(l).startsWith("reply in thread 1641771497 "));
      assertThat(w.github.replies)
          .singleElement()
          .satisfies(r -> assertThat(r.body()).contains("specwright:reply:1:api:3:1641771497"));
    }
  }

  @Test
  void anAnswerThatIsNotTheJsonAddressesNoThreadAndIsTheSummary() throws Exception {
    try (RunWorld w = inReview(new RunWorld(Dialect.SQLITE, tmp))) {
      w.agents.developers.put(
          "api",
          (task, n, c) -> {
            ScriptedAgents.write(task, "api.txt", "attempt " + n + "\n");
            return w.agents.result(task, EndReason.FINISHED, "Fixed everything {really}.", 1);
          });
      assertThat(review(w, 77).ok()).isTrue();
      awaitRevised(w);
      assertThat(w.github.prs.get("specwright/7-add-auth/api").body())
          .contains("Fixed everything {really}.");
      assertThat(w.github.lines("reply in thread")).isEmpty();
      assertThat(w.runs.threads.all(w.run().id(), "api"))
          .allSatisfy(r -> assertThat(r.reply()).isNull());
    }
  }

  @Test
  void aReviewWhileTheDeveloperIsAtWorkIsRefusedNotSilentlyDropped() throws Exception {
    try (RunWorld w = inReview(new RunWorld(Dialect.SQLITE, tmp))) {
      w.agents.turnDelay = java.time.Duration.ofSeconds(2);
      assertThat(review(w, 77).ok()).isTrue();
      w.awaitTask("api", TaskState.RUNNING);

      RunControl.Result second = review(w, 78);

      assertThat(second.ok()).isFalse();
      assertThat(second.message())
          .isEqualTo("api is running; request changes again once it is in review");
      w.agents.turnDelay = java.time.Duration.ZERO;
      awaitRevised(w);
      assertThat(w.runs.threads.all(w.run().id(), "api"))
          .allSatisfy(r -> assertThat(r.answeredAttempt()).isEqualTo(2));
    }
  }

  @Test
  void aThreadGitHubNoLongerHasDoesNotFailThePushedWork() throws Exception {
    try (RunWorld w = inReview(new RunWorld(Dialect.SQLITE, tmp))) {
      w.github.deletedThreads.add(1641771497L);
      assertThat(review(w, 77).ok()).isTrue();
      awaitRevised(w);
      assertThat(w.task("api").reason()).isNull();
      assertThat(w.github.lines("reply in thread")).isEmpty();
      assertThat(w.workspaces.remote.get("specwright/7-add-auth/api"))
          .containsEntry("api.txt", "attempt 2\n");
    }
  }

  @Test
  void aReplyGitHubFailsToTakeForNowIsPostedWhenThePublishStepRunsAgain() throws Exception {
    try (RunWorld w = inReview(new RunWorld(Dialect.SQLITE, tmp))) {
      w.github.replyFailures.set(1);
      assertThat(review(w, 77).ok()).isTrue();
      awaitRevised(w);
      await().until(() -> w.github.lines("reply in thread 1641771497 on pr").size() == 1);
      assertThat(w.github.lines("reply in thread 1641771497 failed")).hasSize(1);
      assertThat(w.task("api").state()).isEqualTo(TaskState.IN_REVIEW);
      assertThat(w.task("api").reason()).isNull();
      assertThat(w.github.lines("reply in thread")).hasSize(2); // the failure, then the reply
    }
  }

  @Test
  void repliesThatKeepFailingAreGivenUpAndThePushedWorkStands() throws Exception {
    try (RunWorld w = inReview(new RunWorld(Dialect.SQLITE, tmp))) {
      w.github.replyFailures.set(100);
      assertThat(review(w, 77).ok()).isTrue();
      awaitRevised(w);
      // RunWorld's steps run three times: three failed tries, then the step gives up.
      await().until(() -> w.github.lines("reply in thread 1641771497 failed").size() == 3);
      Thread.sleep(300); // two more step delays: no fourth try comes
      assertThat(w.github.lines("reply in thread 1641771497 failed")).hasSize(3);
      assertThat(w.github.lines("reply in thread 1641771497 on pr")).isEmpty();
      assertThat(w.task("api").state()).isEqualTo(TaskState.IN_REVIEW);
      assertThat(w.task("api").reason()).isNull();
    }
  }
}
