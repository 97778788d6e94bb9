package dev.specwright.web;

import dev.specwright.config.AppCredentialsFile;
import dev.specwright.config.ServerSettings;
import dev.specwright.github.CurrentApp;
import dev.specwright.github.GitHubApp;
import dev.specwright.store.Database;
import dev.specwright.store.DeliveryInbox;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * Builds the web server from its collaborators: {@code POST /webhook}, {@code GET /healthz}, {@code
 * GET /metrics}, and the registration pages ({@code /}, {@code /setup/start}, {@code
 * /setup/callback}). The caller starts it ({@code start(host, port)}) and stops it.
 *
 * @param db answers {@code /healthz}
 * @param inbox stores verified deliveries (the durable queue's inbox)
 * @param server host, port and public URL
 * @param app the GitHub App as currently registered (may be empty, then filled by registration)
 * @param credentialsFile where registration saves the credentials
 * @param meters the registry {@code /metrics} exposes
 * @param wantedEvents the event names some handler takes (others are stored as ignored, no job)
 */
public record ServerWiring(
    Database db,
    DeliveryInbox inbox,
    ServerSettings server,
    CurrentApp app,
    AppCredentialsFile credentialsFile,
    PrometheusMeterRegistry meters,
    Clock clock,
    Predicate<String> wantedEvents) {

  /** The Javalin app with every route; not started. */
  public Javalin create() {
    bindJvmMetrics(meters);
    HttpMetrics httpMetrics = new HttpMetrics(meters);
    WebhookRoute webhook =
        new WebhookRoute(
            () -> app.get().map(GitHubApp::webhookSignature),
            inbox,
            wantedEvents,
            new WebhookMetrics(meters),
            clock);
    RegistrationRoutes registration =
        new RegistrationRoutes(
            app, server, credentialsFile, AppManifest.fromClasspath(), new PendingStates(clock));
    Javalin javalin =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = WebhookRoute.MAX_BODY_BYTES;
              config.requestLogger.http(httpMetrics::record);
            });
    javalin.post("/webhook", webhook);
    javalin.get(
        "/healthz",
        ctx -> {
          if (db.isHealthy()) {
            ctx.result("ok\n");
          } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result("database not answering\n");
          }
        });
    javalin.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
    javalin.get("/", registration::home);
    javalin.get("/setup/start", registration::start);
    javalin.get("/setup/callback", registration::callback);
    javalin.events(
        e ->
            e.serverStarted(
                () -> {
                  var jetty = javalin.jettyServer().server();
                  JettyConnectionMetrics.addToAllConnectors(jetty, meters);
                  new JettyServerThreadPoolMetrics(jetty.getThreadPool(), List.of()).bindTo(meters);
                }));
    return javalin;
  }

  private static void bindJvmMetrics(PrometheusMeterRegistry meters) {
    new ClassLoaderMetrics().bindTo(meters);
    new JvmMemoryMetrics().bindTo(meters);
    new JvmGcMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
  }
}
