package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.store.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code Specwright} check run on each PR links to the run's status comment from its start. */
class CheckRunLinkTest {

  @TempDir Path tmp;

  @Test
  void theFirstCheckRunLinksToTheStatusCommentEvenBeforeTheDebouncedRender() throws Exception {
    try (RunWorld w = new RunWorld(Dialect.SQLITE, tmp)) {
      // A debounce far longer than the test: the status comment can only exist because the first
      // check run asked for it.
      w.settings =
          new RunSettings(
              w.settings.defaultPolicy(),
              Duration.ofHours(1),
              w.settings.stepRetryDelay(),
              w.settings.stepAttempts());
      w.restart();

      w.label();
      w.awaitTask("api", TaskState.IN_REVIEW);
      w.awaitTask("ui", TaskState.IN_REVIEW);

      assertThat(w.github.checkLinks).isNotEmpty().doesNotContain("null");
      long statusId =
          w.github.comments.values().stream()
              .filter(c -> c.body().contains("specwright:status:"))
              .findFirst()
              .orElseThrow()
              .id();
      assertThat(w.github.checkLinks).containsOnly("https://github.test/issues/7#c" + statusId);
      assertThat(w.github.lines("comment #"))
          .filteredOn(l -> l.contains("created: ### Specwright status"))
          .hasSize(1);
    }
  }
}
