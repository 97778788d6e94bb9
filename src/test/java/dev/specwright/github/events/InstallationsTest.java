package dev.specwright.github.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specwright.github.Fixtures;
import dev.specwright.queue.DeliveryHandler.Result;
import dev.specwright.store.Database;
import dev.specwright.store.Delivery;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** installation and installation_repositories events recorded in both databases. */
class InstallationsTest {

  @TempDir Path temp;

  static Delivery delivery(String id, String event, String payload) {
    return new Delivery(id, event, payload, Instant.EPOCH);
  }

  @ParameterizedTest
  @MethodSource("dev.specwright.store.TestDatabases#dialects")
  void recordsInstallationItsRepositoriesAndTheirChanges(Dialect dialect) throws Exception {
    try (Database db = TestDatabases.open(dialect, temp)) {
      Installations installations = new Installations(db, Clock.systemUTC());
      EventRouter router =
          new EventRouter(
              List.of(
                  new InstallationHandler(installations),
                  new InstallationRepositoriesHandler(installations)),
              new SimpleMeterRegistry());

      String created = Fixtures.read("github/webhooks/installation.created.json");
      assertThat(router.handle(delivery("a", "installation", created))).isEqualTo(Result.HANDLED);
      // Replaying the same event leaves the same rows.
      assertThat(router.handle(delivery("a", "installation", created))).isEqualTo(Result.HANDLED);
      assertThat(installations.find(957387))
          .hasValueSatisfying(
              i -> {
                assertThat(i.accountLogin()).isEqualTo("Codertocat");
                assertThat(i.removed()).isFalse();
              });
      assertThat(installations.repositories(957387))
          .extracting(Installations.Repository::fullName)
          .containsExactly("Codertocat/Hello-World");

      ObjectNode added = Fixtures.webhook("installation_repositories.added");
      assertThat(router.handle(delivery("b", "installation_repositories", added.toString())))
          .isEqualTo(Result.HANDLED);
      assertThat(installations.repositories(957387))
          .extracting(Installations.Repository::fullName)
          .containsExactly("Codertocat/Hello-World", "Codertocat/Space");

      // The same event with the repository removed instead.
      ObjectNode removed = added.deepCopy();
      removed.put("action", "removed");
      removed.set("repositories_removed", added.get("repositories_added"));
      removed.set("repositories_added", new ArrayNode(Fixtures.JSON.getNodeFactory()));
      router.handle(delivery("c", "installation_repositories", removed.toString()));
      assertThat(installations.repositories(957387))
          .extracting(Installations.Repository::fullName)
          .containsExactly("Codertocat/Hello-World");

      ObjectNode deleted = Fixtures.webhook("installation.created");
      deleted.put("action", "deleted");
      router.handle(delivery("d", "installation", deleted.toString()));
      assertThat(installations.find(957387))
          .hasValueSatisfying(i -> assertThat(i.removed()).isTrue());
      assertThat(installations.repositories(957387)).isEmpty();
    }
  }
}
