package dev.specwright.github.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.queue.DeliveryHandler.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code installation}: records the app being installed, changed, suspended or removed, with the
 * repositories it was given.
 */
public final class InstallationHandler implements EventHandler {

  private final Installations installations;

  public InstallationHandler(Installations installations) {
    this.installations = installations;
  }

  @Override
  public String event() {
    return "installation";
  }

  @Override
  public Result handle(WebhookEvent event) throws Exception {
    JsonNode inst = event.payload().path("installation");
    long id = inst.path("id").asLong(0);
    if (id <= 0) {
      return Result.IGNORED;
    }
    switch (event.action()) {
      case "deleted" -> installations.remove(id);
      case "created", "new_permissions_accepted", "suspend", "unsuspend" -> {
        installations.upsert(installationOf(inst, event.action().equals("suspend")));
        installations.addRepositories(id, repositories(event.payload().path("repositories")));
      }
      default -> {
        return Result.IGNORED;
      }
    }
    return Result.HANDLED;
  }

  static Installations.Installation installationOf(JsonNode inst, boolean suspended) {
    JsonNode account = inst.path("account");
    return new Installations.Installation(
        inst.path("id").asLong(),
        account.path("login").asText(""),
        account.path("type").asText(inst.path("target_type").asText("")),
        inst.path("repository_selection").asText(null),
        suspended || inst.hasNonNull("suspended_at"),
        false);
  }

  static List<Installations.Repository> repositories(JsonNode array) {
    List<Installations.Repository> out = new ArrayList<>();
    for (JsonNode r : array) {
      out.add(
          new Installations.Repository(
              r.path("id").asLong(),
              r.path("full_name").asText(""),
              r.path("private").asBoolean()));
    }
    return out;
  }
}
