package dev.specwright.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryInbox;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MissedDeliveriesTest {

  final WireMockGitHub gh = new WireMockGitHub();

  @AfterEach
  void stop() {
    gh.close();
  }

  /** An inbox that holds the given ids. */
  static DeliveryInbox holding(String... ids) {
    Set<String> stored = Set.of(ids);
    return new DeliveryInbox() {
      @Override
      public Outcome accept(Delivery delivery) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Outcome recordIgnored(Delivery delivery) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean contains(String deliveryId) {
        return stored.contains(deliveryId);
      }
    };
  }

  static String delivery(long id, String guid, int status, String at) {
    // The shape of GET /app/hook/deliveries (GitHub REST docs, "List deliveries for an app
    // webhook").
    return """
        {"id":%d,"guid":"%s","delivered_at":"%s","redelivery":false,"duration":0.27,
         "status":"%s","status_code":%d,"event":"issues","action":"labeled",
         "installation_id":11111111,"repository_id":186853002}"""
        .formatted(id, guid, at, status == 202 ? "OK" : "Invalid HTTP Response: 502", status);
  }

  @Test
  void asksAgainOnlyForFailedDeliveriesNotStoredAndNeverDelivered() throws Exception {
    String now = "2019-08-10T04:59:00Z";
    gh.server.stubFor(
        get(urlPathEqualTo("/app/hook/deliveries"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "["
                            + String.join(
                                ",",
                                delivery(6, "guid-ok", 202, now),
                                delivery(5, "guid-missed", 502, now),
                                delivery(4, "guid-stored", 502, now),
                                delivery(3, "guid-retried-ok", 202, now),
                                delivery(2, "guid-retried-ok", 502, now),
                                delivery(1, "guid-too-old", 502, "2019-08-01T00:00:00Z"))
                            + "]")));
    gh.server.stubFor(
        post(urlPathMatching("/app/hook/deliveries/[0-9]+/attempts"))
            .willReturn(aResponse().withStatus(202).withBody("{}")));

    GitHubApp app = gh.app();
    MissedDeliveries sweep =
        new MissedDeliveries(
            () -> Optional.of(app.hookDeliveries()),
            holding("guid-stored"),
            gh.clock,
            Duration.ofDays(3),
            Duration.ofHours(1));
    assertThat(sweep.recover()).isEqualTo(1);
    gh.server.verify(1, postRequestedFor(urlPathMatching("/app/hook/deliveries/.*/attempts")));
    gh.server.verify(postRequestedFor(urlPathEqualTo("/app/hook/deliveries/5/attempts")));

    // A second sweep soon after does not ask again for the same delivery.
    assertThat(sweep.recover()).isZero();
    gh.server.verify(1, postRequestedFor(urlPathMatching("/app/hook/deliveries/.*/attempts")));
  }

  @Test
  void doesNothingWhileTheAppIsNotRegistered() throws Exception {
    MissedDeliveries sweep =
        new MissedDeliveries(
            Optional::empty, holding(), gh.clock, Duration.ofDays(3), Duration.ofHours(1));
    assertThat(sweep.recover()).isZero();
  }
}
