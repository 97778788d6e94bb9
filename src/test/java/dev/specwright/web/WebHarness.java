package dev.specwright.web;

import dev.specwright.config.AppCredentialsFile;
import dev.specwright.config.Env;
import dev.specwright.config.ServerSettings;
import dev.specwright.github.CurrentApp;
import dev.specwright.github.WebhookSignature;
import dev.specwright.github.WireMockGitHub;
import dev.specwright.queue.DeliveryHandler;
import dev.specwright.store.Database;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryInbox;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The web server on a free port with a real SQLite database, GitHub on WireMock and an in-memory
 * inbox that stores deliveries for the test to process ({@link #drain}) as the queue would.
 */
final class WebHarness implements AutoCloseable {

  /** Stores each new delivery id once; hands stored deliveries to a handler on {@link #drain}. */
  static final class RecordingInbox implements DeliveryInbox {
    final Map<String, Delivery> stored = new java.util.concurrent.ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Delivery> pending = new ConcurrentLinkedQueue<>();
    final Map<String, Delivery> ignored = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Outcome accept(Delivery delivery) {
      if (stored.putIfAbsent(delivery.id(), delivery) != null) {
        return Outcome.DUPLICATE;
      }
      pending.add(delivery);
      return Outcome.ACCEPTED;
    }

    @Override
    public Outcome recordIgnored(Delivery delivery) {
      if (stored.putIfAbsent(delivery.id(), delivery) != null) {
        return Outcome.DUPLICATE;
      }
      ignored.put(delivery.id(), delivery);
      return Outcome.ACCEPTED;
    }

    @Override
    public boolean contains(String deliveryId) {
      return stored.containsKey(deliveryId);
    }
  }

  final WireMockGitHub gh = new WireMockGitHub();
  final Database db;
  final CurrentApp app;
  final RecordingInbox inbox = new RecordingInbox();
  final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final AppCredentialsFile credentialsFile;
  final Javalin web;
  final HttpClient http = HttpClient.newHttpClient();
  final List<DeliveryHandler.Result> results = new CopyOnWriteArrayList<>();

  WebHarness(Path temp, boolean registered, Predicate<String> wantedEvents) throws Exception {
    this(temp, registered, wantedEvents, null);
  }

  /** With {@code otherInbox} in place of the recording one, when not null. */
  WebHarness(
      Path temp, boolean registered, Predicate<String> wantedEvents, DeliveryInbox otherInbox)
      throws Exception {
    db = TestDatabases.open(Dialect.SQLITE, temp);
    app = new CurrentApp(gh.settings, gh.http, gh.clock);
    if (registered) {
      app.load(gh.credentials());
    }
    credentialsFile = new AppCredentialsFile(temp.resolve("data"));
    web =
        new ServerWiring(
                db,
                otherInbox != null ? otherInbox : inbox,
                ServerSettings.from(Env.of(Map.of())),
                app,
                credentialsFile,
                meters,
                gh.clock,
                wantedEvents)
            .create()
            .start("127.0.0.1", 0);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + web.port() + path);
  }

  WebhookSignature signature() {
    return new WebhookSignature(gh.credentials().webhookSecret());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST /webhook with exactly these headers. */
  HttpResponse<String> postWebhook(byte[] body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri("/webhook")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A delivery as GitHub sends it: signed with the app's webhook secret. */
  HttpResponse<String> deliver(String event, String deliveryId, byte[] body) throws Exception {
    return postWebhook(
        body,
        Map.of(
            "Content-Type",
            "application/json",
            "X-GitHub-Event",
            event,
            "X-GitHub-Delivery",
            deliveryId,
            "X-Hub-Signature-256",
            signature().sign(body)));
  }

  /** Processes stored deliveries with the handler, as the queue's worker would. */
  void drain(DeliveryHandler handler) throws Exception {
    Delivery d;
    while ((d = inbox.pending.poll()) != null) {
      results.add(handler.handle(d));
    }
  }

  @Override
  public void close() {
    web.stop();
    db.close();
    gh.close();
  }
}
