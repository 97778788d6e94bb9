package dev.specwright.cli;

import dev.specwright.agent.TranscriptStore;
import dev.specwright.config.AppCredentials;
import dev.specwright.config.AppCredentialsFile;
import dev.specwright.config.AppSettings;
import dev.specwright.config.ConfigException;
import dev.specwright.config.DatabaseSettings;
import dev.specwright.config.Env;
import dev.specwright.config.GitHubSettings;
import dev.specwright.config.LabelSettings;
import dev.specwright.config.LogSettings;
import dev.specwright.config.ServerSettings;
import dev.specwright.github.CurrentApp;
import dev.specwright.github.GitHubApp;
import dev.specwright.github.GitHubHttp;
import dev.specwright.github.MissedDeliveries;
import dev.specwright.github.Sleeper;
import dev.specwright.github.WritePacer;
import dev.specwright.github.events.EventRouter;
import dev.specwright.llm.ModelRegistry;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.PlaybookLibrary;
import dev.specwright.queue.QueueRuntime;
import dev.specwright.run.Agents;
import dev.specwright.run.RunPolicy;
import dev.specwright.run.RunSettings;
import dev.specwright.run.Workspaces;
import dev.specwright.run.agents.LoopAgents;
import dev.specwright.run.github.InstallationRemotes;
import dev.specwright.run.playbook.PolicyFromPlaybook;
import dev.specwright.run.workspace.GitWorkspaces;
import dev.specwright.sandbox.Sandbox;
import dev.specwright.sandbox.Sandboxes;
import dev.specwright.store.Database;
import dev.specwright.store.DeliveryInbox;
import dev.specwright.web.ServerWiring;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code specwright serve}: the GitHub App server. Reads the settings (a bad one stops here with
 * one line), opens the database, loads the app credentials (environment first, then the file the
 * registration flow wrote), serves webhooks, and sweeps for missed deliveries at start-up and every
 * ten minutes. Stops cleanly on SIGTERM.
 */
@Command(name = "serve", description = "Start the GitHub App server (webhooks, setup, metrics).")
public final class ServeCommand implements Callable<Integer> {

  static final String PLAYBOOKS = "SPECWRIGHT_PLAYBOOKS";
  static final String QUEUE_THREADS = "SPECWRIGHT_QUEUE_THREADS";
  static final Duration SWEEP_PERIOD = Duration.ofMinutes(10);
  // GitHub lets an app redeliver deliveries of the last three days.
  static final Duration SWEEP_LOOKBACK = Duration.ofHours(71);

  private final Env env;

  public ServeCommand() {
    this(Env.system());
  }

  ServeCommand(Env env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    // Logging first: no logger may be created before the format is chosen.
    LogSettings.from(env).apply();
    Logger log = LoggerFactory.getLogger(ServeCommand.class);
    ServerSettings server = ServerSettings.from(env);
    GitHubSettings github = GitHubSettings.from(env);
    LabelSettings labels = LabelSettings.from(env);
    DatabaseSettings dbSettings = DatabaseSettings.from(env);
    AppCredentialsFile credentialsFile = new AppCredentialsFile(dbSettings.dataDir());
    Optional<AppCredentials> fromEnv = AppSettings.from(env);
    Optional<AppCredentials> credentials = fromEnv.or(credentialsFile::load);

    Clock clock = Clock.systemUTC();
    CurrentApp app =
        new CurrentApp(
            github, GitHubHttp.create(clock, Sleeper.REAL, WritePacer.DEFAULT_INTERVAL), clock);
    try {
      credentials.ifPresent(app::load); // a malformed key stops start-up here, naming the setting
    } catch (ConfigException e) {
      if (fromEnv.isPresent()) {
        throw e;
      }
      throw new ConfigException(
          DatabaseSettings.DATA_DIR,
          credentialsFile.path() + " holds a bad private key; delete it and register again");
    }

    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ModelRegistry models = ModelRegistry.fromEnv(env);
    PlaybookLibrary playbooks = PlaybookLibrary.at(Path.of(env.get(PLAYBOOKS, "playbooks")));
    PlaybookModels.unusable(playbooks, models)
        .forEach(
            (name, problems) ->
                problems.forEach(p -> log.warn("playbook {}: runs will fail: {}", name, p)));
    if (!labels.specLabel().equalsIgnoreCase("spec")) {
      // The playbook selector reads the base label from each repository's own file.
      log.warn(
          "SPEC_LABEL={} is not used: a repository renames the label with 'label:' in"
              + " .github/specwright.yml",
          labels.specLabel());
    }
    Sandbox sandbox = Sandboxes.fromEnv(env);
    Function<EffectivePlaybook, RunPolicy> policies = policies();
    RunSettings runSettings =
        RunSettings.of(policies.apply(playbooks.resolve(PlaybookLibrary.DEFAULT)));
    Database db = Database.open(dbSettings);
    RunWiring wiring =
        RunWiring.start(
            new RunWiring.Parts(
                db,
                app,
                clock,
                meters,
                agents(models, sandbox, db),
                workspaces(dbSettings.dataDir(), app),
                playbooks,
                policies,
                models.catalog(),
                runSettings,
                env.getInt(QUEUE_THREADS, 8)));
    EventRouter router = wiring.router;
    // Deliveries and run steps are durable jobs on one queue; the router handles deliveries.
    QueueRuntime queue = wiring.queue;
    DeliveryInbox inbox = queue.inbox();

    Javalin web =
        new ServerWiring(
                db, inbox, server, app, credentialsFile, meters, clock, router::handlesEvent)
            .create();
    web.start(server.host(), server.port());
    log.info(
        "Specwright listening on {}:{} ({}; {})",
        server.host(),
        web.port(),
        dbSettings,
        credentials.isPresent() ? "app " + credentials.get().appId() : "not registered: open /");

    MissedDeliveries sweep =
        new MissedDeliveries(
            () -> app.get().map(GitHubApp::hookDeliveries),
            inbox,
            clock,
            SWEEP_LOOKBACK,
            Duration.ofHours(1));
    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "missed-deliveries"));
    // The task catches its own failures; the future only ends with the executor.
    var unused =
        sweeper.scheduleWithFixedDelay(
            () -> {
              try {
                sweep.recover();
              } catch (Exception e) {
                log.warn("missed-delivery sweep failed: {}", e.getMessage());
              }
            },
            0,
            SWEEP_PERIOD.toSeconds(),
            TimeUnit.SECONDS);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down");
                  sweeper.shutdownNow();
                  web.stop();
                  try {
                    // The inbox commits what was handed over; the queue finishes or releases jobs.
                    queue.close();
                  } catch (RuntimeException e) {
                    log.warn("closing the queue: {}", e.toString());
                  }
                  db.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }

  /** The agent loop behind the run, on the registry's models, in the sandbox. */
  static Agents agents(ModelRegistry models, Sandbox sandbox, Database db) {
    return LoopAgents.on(models, sandbox, new TranscriptStore(db));
  }

  /**
   * Git mirrors and workspaces under {@code dataDir/workspaces}, cloned from the {@code clone_url}
   * GitHub reports for the repository, with a fresh installation token for each fetch and push.
   */
  static Workspaces workspaces(Path dataDir, CurrentApp app) {
    return new GitWorkspaces(dataDir.resolve("workspaces"), new InstallationRemotes(app));
  }

  /** A playbook as the run's policy. */
  static Function<EffectivePlaybook, RunPolicy> policies() {
    return PolicyFromPlaybook::policy;
  }
}
