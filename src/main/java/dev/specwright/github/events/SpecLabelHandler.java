package dev.specwright.github.events;

import dev.specwright.github.Permission;
import dev.specwright.github.RepoPermissions;
import dev.specwright.github.RepoRef;
import dev.specwright.queue.DeliveryHandler.Result;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code issues.labeled} with the spec label: if the person who applied it may write to the
 * repository (write, maintain or admin), hands the issue to the {@link SpecIntake}. A label from
 * anyone else, or from a bot, is logged and does nothing.
 */
public final class SpecLabelHandler implements EventHandler {

  private static final Logger log = LoggerFactory.getLogger(SpecLabelHandler.class);

  private final String specLabel;
  private final RepoPermissions permissions;
  private final SpecIntake intake;

  public SpecLabelHandler(String specLabel, RepoPermissions permissions, SpecIntake intake) {
    this.specLabel = specLabel;
    this.permissions = permissions;
    this.intake = intake;
  }

  @Override
  public String event() {
    return "issues";
  }

  @Override
  public Result handle(WebhookEvent event) throws Exception {
    if (!event.action().equals("labeled")
        || !event.payload().path("label").path("name").asText("").equalsIgnoreCase(specLabel)) {
      return Result.IGNORED;
    }
    String who = event.senderLogin();
    if (event.isFromBot()) {
      log.info("spec label from bot {} on delivery {} ignored", who, event.deliveryId());
      return Result.IGNORED;
    }
    Optional<RepoRef> repo = event.repo();
    if (repo.isEmpty()) {
      log.warn("spec label on delivery {} has no installation or repository", event.deliveryId());
      return Result.IGNORED;
    }
    Permission permission = permissions.permission(repo.get(), who);
    int number = event.payload().path("issue").path("number").asInt();
    if (!permission.isTrusted()) {
      log.info(
          "spec label on {}#{} by {} (permission {}) ignored: needs write, maintain or admin",
          repo.get(),
          number,
          who,
          permission.name().toLowerCase(java.util.Locale.ROOT));
      return Result.IGNORED;
    }
    intake.start(
        new SpecRequest(
            event.deliveryId(),
            repo.get(),
            number,
            event.payload().path("issue").path("title").asText(""),
            event.payload().path("issue").path("body").asText(""),
            who));
    return Result.HANDLED;
  }
}
