package dev.specwright.web;

import dev.specwright.config.AppCredentialsFile;
import dev.specwright.config.AppSettings;
import dev.specwright.config.DatabaseSettings;
import dev.specwright.config.Env;
import dev.specwright.config.GitHubSettings;
import dev.specwright.config.ServerSettings;
import dev.specwright.github.CurrentApp;
import dev.specwright.github.GitHubHttp;
import dev.specwright.github.Sleeper;
import dev.specwright.github.WritePacer;
import dev.specwright.store.Database;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryInbox;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The webhook benchmark's ceiling ({@code bench/webhook.sh ceiling}): {@code serve}'s web server,
 * route and checks configured from the same environment, with an inbox that keeps delivery ids in
 * memory and stores nothing, so that no job is made and nothing is processed. What it answers per
 * second is what the HTTP stack and the route's checks allow on the machine; the gap to the durable
 * figures is the price of storing and processing. Not a product mode: it lives with the tests.
 */
public final class WebhookCeilingServer {

  /** Accepts each new id once; remembers ids so a redelivery is still a duplicate. */
  private static final class MemoryInbox implements DeliveryInbox {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    @Override
    public Outcome accept(Delivery delivery) {
      return ids.add(delivery.id()) ? Outcome.ACCEPTED : Outcome.DUPLICATE;
    }

    @Override
    public Outcome recordIgnored(Delivery delivery) {
      return accept(delivery);
    }

    @Override
    public boolean contains(String deliveryId) {
      return ids.contains(deliveryId);
    }
  }

  private WebhookCeilingServer() {}

  public static void main(String[] args) {
    Env env = Env.system();
    ServerSettings server = ServerSettings.from(env);
    DatabaseSettings dbSettings = DatabaseSettings.from(env);
    Clock clock = Clock.systemUTC();
    CurrentApp app =
        new CurrentApp(
            GitHubSettings.from(env),
            GitHubHttp.create(clock, Sleeper.REAL, WritePacer.DEFAULT_INTERVAL),
            clock);
    AppSettings.from(env).ifPresent(app::load);
    Database db = Database.open(dbSettings); // answers /healthz, as in serve
    new ServerWiring(
            db,
            new MemoryInbox(),
            server,
            app,
            new AppCredentialsFile(dbSettings.dataDir()),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            clock,
            event -> true)
        .create()
        .start(server.host(), server.port());
  }
}
