package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import dev.specwright.store.Transactions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on a real SQLite file: every item is written exactly once, each caller gets its own
 * result, and items handed over while a batch is being written share the next one. Items are
 * numbers stored in a table keyed by them, so an item written twice fails its batch; negative
 * numbers are items the batch refuses.
 */
class GroupCommitTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path temp;

  private Database db;
  private final RecordingBatch batch = new RecordingBatch();
  private final List<GroupCommit<Integer, String>> commits = new ArrayList<>();
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @BeforeEach
  void openDatabase() throws Exception {
    db = TestDatabases.open(Dialect.SQLITE, temp);
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (item INTEGER PRIMARY KEY, written_by TEXT NOT NULL)");
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    batch.open();
    commits.forEach(GroupCommit::close);
    callers.shutdownNow();
    db.close();
  }

  @Test
  void itemsHandedOverWhileABatchIsBeingWrittenShareTheNextBatch() throws Exception {
    GroupCommit<Integer, String> commit = open();
    batch.holdNextBatch();
    CompletableFuture<String> first = commit.submit(1);
    batch.awaitHeld();
    List<CompletableFuture<String>> waiting = List.of(commit.submit(2), commit.submit(3));
    batch.open();

    first.get(10, TimeUnit.SECONDS);
    for (CompletableFuture<String> f : waiting) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("specwright-test-writer-0");
    }
    assertThat(batch.batches).containsExactly(List.of(1), List.of(2, 3));
  }

  @Test
  void manyCallersAtOnceEachGetTheirOwnItemWrittenExactlyOnce() throws Exception {
    GroupCommit<Integer, String> commit = open();
    int threads = 16;
    int each = 200;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      results.add(
          callers.submit(
              () -> {
                start.await();
                List<String> mine = new ArrayList<>();
                for (int i = 1; i <= each; i++) {
                  mine.add(commit.write(base + i, WAIT));
                }
                return mine;
              }));
    }
    start.countDown();
    for (Future<List<String>> r : results) {
      assertThat(r.get(60, TimeUnit.SECONDS)).hasSize(each).doesNotContainNull();
    }

    assertThat(storedItems()).isEqualTo(threads * each);
    assertThat(batch.batches.stream().mapToInt(List::size).sum()).isEqualTo(threads * each);
  }

  @Test
  void aRefusedItemFailsOnlyItsOwnCallerAndItsBatchNeighboursAreWritten() throws Exception {
    GroupCommit<Integer, String> commit = open();
    batch.holdNextBatch();
    CompletableFuture<String> first = commit.submit(1);
    batch.awaitHeld();
    CompletableFuture<String> before = commit.submit(2);
    CompletableFuture<String> refused = commit.submit(-3);
    CompletableFuture<String> after = commit.submit(4);
    batch.open();

    first.get(10, TimeUnit.SECONDS);
    before.get(10, TimeUnit.SECONDS);
    after.get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SQLException.class)
        .hasMessageContaining("item -3 is refused");
    assertThat(storedItems()).isEqualTo(3);
    // The batch of three failed whole, then each item was written on its own.
    assertThat(batch.batches)
        .containsExactly(List.of(1), List.of(2, -3, 4), List.of(2), List.of(-3), List.of(4));
  }

  @Test
  void afterCloseAnItemIsRefusedClearly() throws Exception {
    GroupCommit<Integer, String> commit = open();
    commit.write(1, WAIT);

    commit.close();

    assertThatThrownBy(() -> commit.write(2, WAIT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the test writer is closed");
    assertThat(storedItems()).isEqualTo(1);
  }

  private GroupCommit<Integer, String> open() {
    GroupCommit<Integer, String> commit = new GroupCommit<>("test", db, batch, 64, 1);
    commits.add(commit);
    return commit;
  }

  private int storedItems() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Stores each batch's items in one transaction and answers each with the writing thread's name;
   * refuses negative items. Can hold a batch at its start until opened.
   */
  private static final class RecordingBatch implements GroupCommit.Batch<Integer, String> {
    final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CompletableFuture<Void> held = new CompletableFuture<>();
    private volatile boolean holdNext;

    void holdNextBatch() {
      gate = new CountDownLatch(1);
      held = new CompletableFuture<>();
      holdNext = true;
    }

    void awaitHeld() throws Exception {
      held.get(10, TimeUnit.SECONDS);
    }

    void open() {
      gate.countDown();
    }

    @Override
    public List<String> write(Connection c, List<Integer> items) throws SQLException {
      batches.add(List.copyOf(items));
      if (holdNext) {
        holdNext = false;
        held.complete(null);
        try {
          gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String writer = Thread.currentThread().getName();
      return Transactions.inTransaction(
          c,
          tx -> {
            try (PreparedStatement insert =
                tx.prepareStatement("INSERT INTO items (item, written_by) VALUES (?, ?)")) {
              List<String> results = new ArrayList<>();
              for (int item : items) {
                if (item < 0) {
                  throw new SQLException("item " + item + " is refused");
                }
                insert.setInt(1, item);
                insert.setString(2, writer);
                insert.executeUpdate();
                results.add(writer);
              }
              return results;
            }
          });
    }
  }
}
