package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import dev.specwright.store.Database;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryInbox.Outcome;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueRuntimeTest {

  @TempDir Path temp;

  @Test
  void theDeliveryRetentionJobIsScheduledWhenTheQueueStarts() throws Exception {
    try (Database db = TestDatabases.open(Dialect.SQLITE, temp);
        QueueRuntime rt = QueueRuntime.start(db, d -> DeliveryHandler.Result.IGNORED, b -> {})) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          rt.jobs()
                              .client()
                              .getScheduledExecutions(ScheduledExecutionsFilter.all()))
                      .extracting(e -> e.getTaskInstance().getTaskName())
                      .contains(QueueRuntime.PRUNE_DELIVERIES));
    }
  }

  @Test
  void shutdownHookClosesInboxAndQueueAsSigtermWould() throws Exception {
    try (Database db = TestDatabases.open(Dialect.SQLITE, temp)) {
      QueueRuntime rt = QueueRuntime.start(db, d -> DeliveryHandler.Result.IGNORED, b -> {});
      Thread hook = rt.closeOnShutdown();
      assertThat(
              rt.inbox()
                  .accept(new Delivery("before-sigterm", "ping", "{\"zen\":\"x\"}", Instant.now())))
          .isEqualTo(Outcome.ACCEPTED);

      // The JVM starts the hook thread on SIGTERM; start it here instead (and unregister it).
      assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isTrue();
      hook.start();
      hook.join();

      assertThat(rt.deliveries().contains("before-sigterm")).isTrue();
      assertThatThrownBy(
              () -> rt.inbox().accept(new Delivery("after", "ping", "{}", Instant.now())))
          .hasMessageContaining("closed");
      rt.close(); // closing twice is harmless
    }
  }
}
