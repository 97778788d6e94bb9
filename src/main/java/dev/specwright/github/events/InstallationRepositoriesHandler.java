package dev.specwright.github.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.queue.DeliveryHandler.Result;
import java.util.ArrayList;
import java.util.List;

/** {@code installation_repositories}: records repositories added to or removed from an install. */
public final class InstallationRepositoriesHandler implements EventHandler {

  private final Installations installations;

  public InstallationRepositoriesHandler(Installations installations) {
    this.installations = installations;
  }

  @Override
  public String event() {
    return "installation_repositories";
  }

  @Override
  public Result handle(WebhookEvent event) throws Exception {
    JsonNode inst = event.payload().path("installation");
    long id = inst.path("id").asLong(0);
    if (id <= 0 || !(event.action().equals("added") || event.action().equals("removed"))) {
      return Result.IGNORED;
    }
    // The installation may predate this server: record it from this event too.
    installations.upsert(InstallationHandler.installationOf(inst, false));
    installations.addRepositories(
        id, InstallationHandler.repositories(event.payload().path("repositories_added")));
    List<Long> removed = new ArrayList<>();
    for (JsonNode r : event.payload().path("repositories_removed")) {
      removed.add(r.path("id").asLong());
    }
    installations.removeRepositories(id, removed);
    return Result.HANDLED;
  }
}
