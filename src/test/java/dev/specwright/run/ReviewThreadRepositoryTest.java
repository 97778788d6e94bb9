package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.ModelRef;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A review's threads from opening to the posted replies, on both databases. */
class ReviewThreadRepositoryTest {

  @TempDir Path tmp;

  static final RepoRef REPO = new RepoRef("acme", "shop", 1);
  static final ReviewThread A = new ReviewThread(11, "a.txt", 1, "fix a");
  static final ReviewThread B = new ReviewThread(22, "b.txt", 0, "fix b");
  static final ReviewThread C = new ReviewThread(33, "c.txt", 3, "fix c");

  static List<String> rows(ReviewThreadRepository threads, long run) {
    return threads.all(run, "api").stream()
        .map(
            r ->
                r.thread().threadId()
                    + " "
                    + r.thread().body()
                    + " attempt="
                    + r.answeredAttempt()
                    + " reply="
                    + r.reply()
                    + " posted="
                    + r.replyId())
        .toList();
  }

  long run(Database db) {
    return new RunRepository(db.dataSource(), Clock.systemUTC())
        .insertActive(
            REPO,
            7,
            "t",
            "t",
            "alice",
            RunPolicy.defaults(ModelRef.parse("a:strong"), ModelRef.parse("b:cheap")))
        .orElseThrow();
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void anAttemptAnswersTheThreadsItWasGivenAndEachReplyIsPostedOnce(Dialect dialect)
      throws Exception {
    try (Database db = TestDatabases.open(dialect, tmp)) {
      ReviewThreadRepository threads = new ReviewThreadRepository(db.dataSource());
      long run = run(db);
      threads.open(run, "api", 100, List.of(A, B));
      assertThat(threads.openThreads(run, "api")).containsExactly(A, B);

      threads.answer(run, "api", 2, Set.of(11L, 22L), Map.of(11L, "done a"));
      assertThat(threads.openThreads(run, "api")).isEmpty();
      assertThat(threads.unposted(run, "api", 2))
          .extracting(r -> r.thread().threadId())
          .containsExactly(11L);
      assertThat(threads.unposted(run, "api", 3)).isEmpty();

      threads.posted(run, "api", 11, 9001);
      assertThat(threads.unposted(run, "api", 2)).isEmpty();
      assertThat(rows(threads, run))
          .containsExactly(
              "11 fix a attempt=2 reply=done a posted=9001",
              "22 fix b attempt=2 reply=null posted=null");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void theSameReviewAgainChangesNothingAndANewReviewReopensItsThreadsAndDropsOlderOpenOnes(
      Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, tmp)) {
      ReviewThreadRepository threads = new ReviewThreadRepository(db.dataSource());
      long run = run(db);
      threads.open(run, "api", 100, List.of(A, B));
      threads.answer(run, "api", 2, Set.of(11L), Map.of(11L, "done a"));

      threads.open(run, "api", 100, List.of(A, B));
      assertThat(rows(threads, run))
          .as("a replay of review 100 reopens nothing")
          .containsExactly(
              "11 fix a attempt=2 reply=done a posted=null",
              "22 fix b attempt=null reply=null posted=null");

      ReviewThread again = new ReviewThread(11, "a.txt", 1, "still wrong");
      threads.open(run, "api", 200, List.of(again, C));
      assertThat(threads.openThreads(run, "api")).containsExactly(again, C);
      assertThat(rows(threads, run))
          .as("thread 11 reopened by review 200; 22, left open by review 100, dropped")
          .containsExactly(
              "11 still wrong attempt=null reply=null posted=null",
              "33 fix c attempt=null reply=null posted=null");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void threadsOpenedWhileAnAttemptRanStayOpenForTheNext(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, tmp)) {
      ReviewThreadRepository threads = new ReviewThreadRepository(db.dataSource());
      long run = run(db);
      threads.open(run, "api", 100, List.of(A, C));
      threads.answer(run, "api", 2, Set.of(11L), Map.of(11L, "done a", 33L, "never given"));
      assertThat(threads.openThreads(run, "api")).containsExactly(C);
      assertThat(threads.unposted(run, "api", 2))
          .extracting(r -> r.thread().threadId())
          .containsExactly(11L);
    }
  }
}
