package dev.specwright.run.github;

import dev.specwright.github.events.EventHandler;
import dev.specwright.github.events.WebhookEvent;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.PlaybookChoice;
import dev.specwright.playbook.PlaybookSelector;
import dev.specwright.playbook.RepositoryFile;
import dev.specwright.queue.DeliveryHandler.Result;
import dev.specwright.run.RepoRef;
import dev.specwright.run.RunControl;
import dev.specwright.run.RunGitHub;
import dev.specwright.run.RunPolicy;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code issues.labeled}: reads the label with the repository's {@code .github/specwright.yml}
 * (from the default branch) to choose a playbook, and starts a run with its policy. A spec label
 * whose playbook or repository file is invalid gets one explanatory comment (edited in place if the
 * label is added again) and no run. Labels by bots never start work; the labeler's permission is
 * checked by {@link RunControl#startRun}.
 */
public final class LabelIntake implements EventHandler {

  private static final Logger LOG = LoggerFactory.getLogger(LabelIntake.class);
  static final String REJECTED_MARKER = "<!-- specwright:playbook-rejected -->";

  private final PlaybookSelector selector;
  private final Function<EffectivePlaybook, RunPolicy> policies;
  private final RunGitHub github;
  private final RunControl control;

  public LabelIntake(
      PlaybookSelector selector,
      Function<EffectivePlaybook, RunPolicy> policies,
      RunGitHub github,
      RunControl control) {
    this.selector = selector;
    this.policies = policies;
    this.github = github;
    this.control = control;
  }

  @Override
  public String event() {
    return "issues";
  }

  @Override
  public Result handle(WebhookEvent event) {
    if (!event.action().equals("labeled") || event.isFromBot()) {
      return Result.IGNORED;
    }
    String label = event.payload().path("label").path("name").asText("");
    Optional<dev.specwright.github.RepoRef> gh = event.repo();
    if (label.isEmpty() || gh.isEmpty() || event.payload().path("issue").has("pull_request")) {
      return Result.IGNORED;
    }
    RepoRef repo = new RepoRef(gh.get().owner(), gh.get().name(), gh.get().installationId());
    int issue = event.payload().path("issue").path("number").asInt();
    String labeler = event.senderLogin();
    PlaybookChoice choice = selector.choose(label, github.readFile(repo, RepositoryFile.PATH));
    switch (choice) {
      case PlaybookChoice.NotASpecLabel ignored -> {
        return Result.IGNORED;
      }
      case PlaybookChoice.Rejected rejected -> {
        if (!github.permission(repo, labeler).canWrite()) {
          return Result.IGNORED; // no comment for people who cannot start runs
        }
        github.upsertComment(
            repo, issue, REJECTED_MARKER, REJECTED_MARKER + "\n" + rejected.toMarkdown());
        return Result.HANDLED;
      }
      case PlaybookChoice.Chosen chosen -> {
        RunPolicy policy = policies.apply(chosen.playbook());
        RunPolicy.Origin o = policy.origin();
        policy =
            policy.withOrigin(new RunPolicy.Origin(o.playbook(), o.file(), label, o.overrides()));
        RunControl.Result r = control.startRun(repo, issue, labeler, policy);
        LOG.info("{} on {}#{} by {}: {}", label, repo, issue, labeler, r.message());
        return Result.HANDLED;
      }
    }
  }
}
