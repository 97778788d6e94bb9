package dev.specwright.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Processing's commits wait for a pause in the webhook intake, and never longer than the cap: a
 * burst slows processing, it cannot stop it.
 */
class IntakeActivityTest {

  @Test
  void processingGoesOnAtOnceWhenNoDeliveryIsOnItsWayIn() throws Exception {
    IntakeActivity intake = new IntakeActivity(Duration.ofSeconds(30));
    intake.enter();
    intake.exit();

    CompletableFuture<Void> waited = CompletableFuture.runAsync(pauseOf(intake));

    waited.get(5, TimeUnit.SECONDS); // far below the 30 s cap
  }

  @Test
  void processingWaitsUntilTheLastDeliveryOnItsWayInIsStored() throws Exception {
    IntakeActivity intake = new IntakeActivity(Duration.ofSeconds(30));
    intake.enter();
    intake.enter();

    CompletableFuture<Void> waited = CompletableFuture.runAsync(pauseOf(intake));
    TimeUnit.MILLISECONDS.sleep(100);
    assertThat(waited).isNotDone();
    intake.exit();
    TimeUnit.MILLISECONDS.sleep(100);
    assertThat(waited).as("one delivery is still on its way").isNotDone();
    intake.exit();

    waited.get(5, TimeUnit.SECONDS);
  }

  @Test
  void processingNeverWaitsLongerThanTheCapUnderEndlessIntake() throws Exception {
    IntakeActivity intake = new IntakeActivity(Duration.ofMillis(200));
    intake.enter(); // and never stored: a burst that does not end
    long started = System.nanoTime();

    CompletableFuture.runAsync(pauseOf(intake)).get(5, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  private static Runnable pauseOf(IntakeActivity intake) {
    return () -> {
      try {
        intake.awaitPause();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
