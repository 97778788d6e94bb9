package dev.specwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specwright.config.AppCredentials;
import dev.specwright.config.AppCredentialsFile;
import dev.specwright.config.Env;
import dev.specwright.config.GitHubSettings;
import dev.specwright.config.Secret;
import dev.specwright.config.ServerSettings;
import dev.specwright.github.CurrentApp;
import dev.specwright.github.Fixtures;
import dev.specwright.github.GitHubHttp;
import dev.specwright.github.Sleeper;
import dev.specwright.github.WebhookSignature;
import dev.specwright.llm.ModelRegistry;
import dev.specwright.playbook.PlaybookLibrary;
import dev.specwright.run.RunSettings;
import dev.specwright.sandbox.Sandboxes;
import dev.specwright.store.Database;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import dev.specwright.web.ServerWiring;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Specwright wired as {@code serve} wires it — database, job queue, signed webhook route, agents in
 * bubblewrap — against a GitHub double and an OpenAI-format model double. The end-to-end tests
 * start one each and talk to it only through signed webhooks.
 */
final class AppUnderTest implements AutoCloseable {

  private static final String WEBHOOK_SECRET = "e2e-webhook-secret";

  private final Database db;
  private final RunWiring wiring;
  private final Javalin web;
  private final HttpClient http = HttpClient.newHttpClient();
  private final WebhookSignature signature = new WebhookSignature(Secret.of(WEBHOOK_SECRET));

  private AppUnderTest(Database db, RunWiring wiring, Javalin web) {
    this.db = db;
    this.wiring = wiring;
    this.web = web;
  }

  /** Starts the app on a fresh {@code dialect} database in {@code temp}. */
  static AppUnderTest start(
      Dialect dialect, Path temp, Path playbooks, String githubUrl, String providerUrl)
      throws Exception {
    Map<String, String> vars = new HashMap<>();
    vars.put("OPENAI_API_KEY", "sk-e2e-provider-key");
    vars.put("OPENAI_BASE_URL", providerUrl + "/v1");
    vars.put("SANDBOX", "bubblewrap");
    vars.put("PATH", System.getenv("PATH"));
    Env env = Env.of(vars);

    Clock clock = Clock.systemUTC();
    Database db = TestDatabases.open(dialect, temp);
    CurrentApp app =
        new CurrentApp(
            GitHubSettings.of(URI.create(githubUrl)),
            GitHubHttp.create(clock, Sleeper.REAL, Duration.ZERO),
            clock);
    app.load(new AppCredentials(330788, Fixtures.pkcs1Pem(), Secret.of(WEBHOOK_SECRET)));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ModelRegistry models = ModelRegistry.fromEnv(env);
    PlaybookLibrary library = PlaybookLibrary.at(playbooks);
    assertThat(PlaybookModels.unusable(library, models)).isEmpty();
    RunSettings settings =
        new RunSettings(
            ServeCommand.policies().apply(library.resolve(PlaybookLibrary.DEFAULT)),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            3);
    RunWiring wiring =
        RunWiring.start(
            new RunWiring.Parts(
                db,
                app,
                clock,
                meters,
                ServeCommand.agents(models, Sandboxes.fromEnv(env), db),
                ServeCommand.workspaces(temp.resolve("data"), app),
                library,
                ServeCommand.policies(),
                models.catalog(),
                settings,
                4));
    Javalin web =
        new ServerWiring(
                db,
                wiring.queue.inbox(),
                ServerSettings.from(Env.of(Map.of())),
                app,
                new AppCredentialsFile(temp.resolve("data")),
                meters,
                clock,
                wiring.router::handlesEvent)
            .create()
            .start("127.0.0.1", 0);
    return new AppUnderTest(db, wiring, web);
  }

  /** Posts a correctly signed delivery; the HTTP status the webhook route answered. */
  int deliver(String event, ObjectNode payload, String delivery) throws Exception {
    byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/webhook"))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", delivery)
            .header("X-Hub-Signature-256", signature.sign(body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** The text {@code GET /metrics} answers. */
  String metrics() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/metrics")).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The names of the queue's recurring jobs, as the scheduler stored them. */
  java.util.Set<String> recurringJobs() throws java.sql.SQLException {
    java.util.Set<String> names = new java.util.TreeSet<>();
    try (var c = db.dataSource().getConnection();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT task_name FROM scheduled_tasks WHERE task_instance = 'recurring'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  @Override
  public void close() {
    web.stop();
    wiring.close();
    db.close();
  }
}
