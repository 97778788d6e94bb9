package dev.specwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.github.Fixtures;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryInbox;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookRouteTest {

  static final byte[] LABELED =
      Fixtures.read("github/webhooks/issues.labeled.json").getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;
  WebHarness web;

  @BeforeEach
  void start() throws Exception {
    web = new WebHarness(temp, true, Set.of("issues", "ping", "installation")::contains);
  }

  @AfterEach
  void stop() {
    web.close();
  }

  Map<String, String> headers(String signature) {
    Map<String, String> h = new HashMap<>();
    h.put("Content-Type", "application/json");
    h.put("X-GitHub-Event", "issues");
    h.put("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
    if (signature != null) {
      h.put("X-Hub-Signature-256", signature);
    }
    return h;
  }

  @Test
  void acceptsSignedDeliveryWith202AndStoresItVerbatim() throws Exception {
    HttpResponse<String> r = web.deliver("issues", "d-1", LABELED);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(web.inbox.stored.get("d-1").payload())
        .isEqualTo(new String(LABELED, StandardCharsets.UTF_8));
    assertThat(web.inbox.stored.get("d-1").event()).isEqualTo("issues");
  }

  @Test
  void redeliveryIsAcknowledgedWith200AndStoredOnce() throws Exception {
    assertThat(web.deliver("issues", "d-1", LABELED).statusCode()).isEqualTo(202);
    assertThat(web.deliver("issues", "d-1", LABELED).statusCode()).isEqualTo(200);
    assertThat(web.inbox.pending).hasSize(1);
  }

  static Stream<Arguments> badSignatures() {
    return Stream.of(
        Arguments.of("missing", null),
        Arguments.of("empty", ""),
        Arguments.of(
            "signedWithAnotherSecret",
            new dev.specwright.github.WebhookSignature(dev.specwright.config.Secret.of("guess"))
                .sign(LABELED)),
        Arguments.of(
            "signatureOfAnotherBody",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
        Arguments.of("sha1Header", "sha1=0000000000000000000000000000000000000000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSignatures")
  void rejectsDeliveryWithoutTheRightSignatureWith401(String name, String signature)
      throws Exception {
    HttpResponse<String> r = web.postWebhook(LABELED, headers(signature));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(web.inbox.stored).isEmpty();
  }

  @Test
  void signatureIsCheckedBeforeTheBodyIsParsed() throws Exception {
    // Not JSON and not signed: the answer is 401, not 400, so nothing unsigned is ever parsed.
    assertThat(
            web.postWebhook("{not json".getBytes(StandardCharsets.UTF_8), headers("sha256=00"))
                .statusCode())
        .isEqualTo(401);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("truncatedJson", "{\"action\":\"labeled\"", "issues", "d-m1"),
        Arguments.of("jsonArray", "[1,2]", "issues", "d-m2"),
        Arguments.of("jsonString", "\"hello\"", "issues", "d-m3"),
        Arguments.of("twoObjects", "{}{}", "issues", "d-m4"),
        Arguments.of("badEscape", "{\"a\":\"\\q\"}", "issues", "d-m5"),
        Arguments.of("empty", "", "issues", "d-m6"),
        Arguments.of("formEncoded", "payload=%7B%7D", "issues", "d-m7"),
        Arguments.of("missingEvent", "{}", null, "d-m8"),
        Arguments.of("missingDelivery", "{}", "issues", null),
        Arguments.of("deliveryIdWithSlash", "{}", "issues", "../../etc"),
        Arguments.of("eventWithNewline", "{}", "issues\r\nX: y", "d-m9"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsSignedButMalformedDeliveryWith400(String name, String body, String event, String id)
      throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = headers(web.signature().sign(bytes));
    h.remove("X-GitHub-Event");
    h.remove("X-GitHub-Delivery");
    if (event != null && !event.contains("\n")) {
      h.put("X-GitHub-Event", event);
    }
    if (id != null) {
      h.put("X-GitHub-Delivery", id);
    }
    if (event != null && event.contains("\n")) {
      h.put("X-GitHub-Event", "Issues"); // the client refuses CR/LF; an upper-case name stands in
    }
    assertThat(web.postWebhook(bytes, h).statusCode()).isEqualTo(400);
    assertThat(web.inbox.stored).isEmpty();
  }

  @Test
  void rejectsBodyAbove25MegabytesWith413() throws Exception {
    byte[] huge = new byte[25 * 1024 * 1024 + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    HttpResponse<String> r = web.postWebhook(huge, headers("sha256=00"));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(web.inbox.stored).isEmpty();
  }

  @Test
  void eventNoHandlerTakesIsRecordedAsIgnoredAndNotProcessed() throws Exception {
    byte[] body =
        Fixtures.read("github/webhooks/check_suite.requested.json")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = web.deliver("check_suite", "d-cs", body);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("ignored");
    assertThat(web.inbox.ignored).containsOnlyKeys("d-cs");
    assertThat(web.inbox.ignored.get("d-cs").event()).isEqualTo("check_suite");
    assertThat(web.inbox.pending).as("deliveries handed on for processing").isEmpty();
  }

  @Test
  void ignoredEventRedeliveredIsADuplicate() throws Exception {
    byte[] body = "{\"action\":\"requested\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(web.deliver("check_suite", "d-cs", body).statusCode()).isEqualTo(200);
    HttpResponse<String> again = web.deliver("check_suite", "d-cs", body);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("duplicate");
  }

  @Test
  void ignoredEventThatCannotBeStoredAnswers503() throws Exception {
    DeliveryInbox databaseDown =
        new DeliveryInbox() {
          @Override
          public Outcome accept(Delivery d) {
            throw new AssertionError("an ignored event is not accepted for processing");
          }

          @Override
          public Outcome recordIgnored(Delivery d) {
            throw new IllegalStateException("database is down");
          }

          @Override
          public boolean contains(String id) {
            return false;
          }
        };
    try (WebHarness failing =
        new WebHarness(temp.resolve("down"), true, e -> false, databaseDown)) {
      assertThat(failing.deliver("check_suite", "d-1", LABELED).statusCode()).isEqualTo(503);
    }
  }

  @Test
  void storageFailureAnswers503SoGitHubRecordsTheDeliveryAsFailed() throws Exception {
    DeliveryInbox databaseDown =
        new DeliveryInbox() {
          @Override
          public Outcome accept(Delivery d) {
            throw new IllegalStateException("database is down");
          }

          @Override
          public Outcome recordIgnored(Delivery d) {
            throw new IllegalStateException("database is down");
          }

          @Override
          public boolean contains(String id) {
            return false;
          }
        };
    try (WebHarness failing = new WebHarness(temp.resolve("down"), true, e -> true, databaseDown)) {
      assertThat(failing.deliver("issues", "d-1", LABELED).statusCode()).isEqualTo(503);
    }
  }

  @Test
  void metricsCountEveryOutcome() throws Exception {
    web.deliver("issues", "d-1", LABELED);
    web.deliver("issues", "d-1", LABELED);
    web.postWebhook(LABELED, headers("sha256=00"));
    web.deliver("check_suite", "d-2", "{}".getBytes(StandardCharsets.UTF_8));
    web.deliver("issues", "d-3", "nope".getBytes(StandardCharsets.UTF_8));
    String metrics = web.get("/metrics").body();
    assertThat(metrics)
        .contains("specwright_webhooks_received_total{event=\"issues\",outcome=\"accepted\"} 1.0")
        .contains("specwright_webhooks_received_total{event=\"issues\",outcome=\"duplicate\"} 1.0")
        .contains(
            "specwright_webhooks_received_total{event=\"unverified\",outcome=\"bad_signature\"} 1.0")
        .contains(
            "specwright_webhooks_received_total{event=\"check_suite\",outcome=\"ignored\"} 1.0")
        .contains("specwright_webhooks_received_total{event=\"issues\",outcome=\"malformed\"} 1.0")
        .contains("jvm_memory_used_bytes")
        .contains(
            "http_server_requests_seconds_count{method=\"POST\",status=\"202\",uri=\"/webhook\"}");
  }

  @Test
  void healthzFollowsTheDatabase() throws Exception {
    assertThat(web.get("/healthz").statusCode()).isEqualTo(200);
    web.db.close();
    assertThat(web.get("/healthz").statusCode()).isEqualTo(503);
  }
}
