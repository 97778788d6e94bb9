package dev.specwright.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specwright.agent.TranscriptStore;
import dev.specwright.command.CommandDispatcher;
import dev.specwright.command.CommandExecutions;
import dev.specwright.command.CommandRegistry;
import dev.specwright.command.SpecwrightIdentity;
import dev.specwright.command.github.CommandEvents;
import dev.specwright.command.github.GitHubCommandPorts;
import dev.specwright.command.github.PricedModels;
import dev.specwright.command.github.RunControlPorts;
import dev.specwright.github.CurrentApp;
import dev.specwright.github.GitHubApp;
import dev.specwright.github.GitHubRepoPermissions;
import dev.specwright.github.GitHubRest;
import dev.specwright.github.events.EventHandler;
import dev.specwright.github.events.EventRouter;
import dev.specwright.github.events.Installations;
import dev.specwright.github.events.StandardHandlers;
import dev.specwright.llm.ModelCatalog;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.PlaybookLibrary;
import dev.specwright.playbook.PlaybookSelector;
import dev.specwright.queue.QueueRuntime;
import dev.specwright.queue.RetentionJob;
import dev.specwright.run.Agents;
import dev.specwright.run.RunPolicy;
import dev.specwright.run.RunSettings;
import dev.specwright.run.SpecRuns;
import dev.specwright.run.Workspaces;
import dev.specwright.run.github.GitHubRunPorts;
import dev.specwright.run.github.LabelIntake;
import dev.specwright.store.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The working half of {@code serve}: GitHub adapters for the run and the commands, the spec run
 * orchestrator with its steps on the job queue, the label intake that chooses a playbook, and the
 * command dispatcher — all behind one {@link EventRouter} that the queue's delivery jobs call.
 * Agents and workspaces are given, so a test can wire the same server around a local git remote.
 */
final class RunWiring implements AutoCloseable {

  /**
   * How long a command-ledger entry is kept: it only stops a redelivered comment or review from
   * acting twice (an edited comment never acts), and GitHub offers a delivery for redelivery for a
   * few days.
   */
  static final Duration KEEP_LEDGER = Duration.ofDays(30);

  /**
   * How long agents' messages are kept: long enough to look into a run after its PRs are merged.
   * The transcript's header (setting, end, usage, cost, time) stays, for the figures.
   */
  static final Duration KEEP_TRANSCRIPT_MESSAGES = Duration.ofDays(90);

  /** The name of the check run Specwright puts on its PRs (see docs/run.md). */
  static final String CHECK_NAME = "Specwright";

  final SpecRuns runs;
  final EventRouter router;
  final QueueRuntime queue;

  private RunWiring(SpecRuns runs, EventRouter router, QueueRuntime queue) {
    this.runs = runs;
    this.router = router;
    this.queue = queue;
  }

  /** What the wiring is built from. */
  record Parts(
      Database db,
      CurrentApp app,
      Clock clock,
      MeterRegistry meters,
      Agents agents,
      Workspaces workspaces,
      PlaybookLibrary playbooks,
      Function<EffectivePlaybook, RunPolicy> policies,
      ModelCatalog catalog,
      RunSettings settings,
      int threads) {}

  static RunWiring start(Parts p) {
    GitHubRepoPermissions permissions =
        new GitHubRepoPermissions(p.app(), p.clock(), Duration.ofMinutes(1));
    AppLogin login = new AppLogin(p.app());
    GitHubRunPorts github = new GitHubRunPorts(p.app(), permissions, login::botLogin);
    SpecRuns runs =
        new SpecRuns(
            p.db().dataSource(), github, p.workspaces(), p.agents(), p.settings(), p.clock());
    RunControlPorts control = new RunControlPorts(runs.control());
    GitHubCommandPorts commandGitHub = new GitHubCommandPorts(p.app(), permissions);
    CommandExecutions ledger = new CommandExecutions(p.db().dataSource(), p.clock());
    CommandDispatcher dispatcher =
        new CommandDispatcher(
            CommandRegistry.standard(control, new PricedModels(p.catalog())),
            commandGitHub,
            commandGitHub,
            control,
            control,
            login.identity(),
            p.clock(),
            ledger);
    List<EventHandler> handlers = new ArrayList<>();
    handlers.add(
        new LabelIntake(new PlaybookSelector(p.playbooks()), p.policies(), github, runs.control()));
    handlers.addAll(CommandEvents.all(dispatcher));
    EventRouter router =
        new EventRouter(
            StandardHandlers.with(new Installations(p.db(), p.clock()), handlers), p.meters());
    QueueRuntime queue =
        QueueRuntime.start(
            p.db(),
            router,
            new com.github.kagkarlsson.scheduler.SystemClock(),
            b ->
                b.tasks(runs.tasks())
                    .task(
                        RetentionJob.hourly(
                            "prune-command-ledger", KEEP_LEDGER, ledger::pruneBefore, p.clock()))
                    .task(
                        RetentionJob.hourly(
                            "prune-transcript-messages",
                            KEEP_TRANSCRIPT_MESSAGES,
                            new TranscriptStore(p.db(), p.clock())::pruneMessagesBefore,
                            p.clock()))
                    .threads(p.threads()),
            jobs -> runs.bind(jobs.client()));
    // The processing backlog, so that an operator sees whether processing keeps up with intake.
    Gauge.builder("specwright.deliveries.pending", queue.deliveries(), d -> d.countPending())
        .description("Stored webhook deliveries whose processing job has not finished")
        .register(p.meters());
    return new RunWiring(runs, router, queue);
  }

  @Override
  public void close() {
    queue.close();
  }

  /**
   * The app's login ({@code <slug>[bot]}) from {@code GET /app}, asked once when first needed (the
   * app may be registered after start-up), to recognise its own comments and events.
   */
  static final class AppLogin {
    private final CurrentApp app;
    private final AtomicReference<String> login = new AtomicReference<>();

    AppLogin(CurrentApp app) {
      this.app = app;
    }

    String botLogin() {
      String l = login.get();
      if (l != null) {
        return l;
      }
      GitHubApp registered =
          app.get().orElseThrow(() -> new IllegalStateException("the app is not registered"));
      try {
        JsonNode me =
            new GitHubRest(app.settings().apiUrl(), app.http().base())
                .call(
                    "GET",
                    "app",
                    null,
                    Map.of("Authorization", "Bearer " + registered.jwt().mint()));
        l = me.path("slug").asText("") + "[bot]";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      login.set(l);
      return l;
    }

    /**
     * The identity the dispatcher checks events against; its bot login is resolved lazily, so it is
     * a view over {@link #botLogin()}.
     */
    SpecwrightIdentity identity() {
      long appId = app.get().map(GitHubApp::appId).orElse(0L);
      String slug;
      try {
        slug = botLogin();
      } catch (RuntimeException e) {
        slug = "specwright[bot]"; // not registered yet: bots are refused by type anyway
      }
      return new SpecwrightIdentity(appId, slug, CHECK_NAME);
    }
  }
}
