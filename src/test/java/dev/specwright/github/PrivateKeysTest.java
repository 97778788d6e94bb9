package dev.specwright.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.config.ConfigException;
import dev.specwright.config.Secret;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrivateKeysTest {

  @Test
  void readsGitHubsPkcs1Key() {
    assertThat(Fixtures.pkcs1Pem().reveal()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    RSAPrivateKey key = PrivateKeys.parse(Fixtures.pkcs1Pem(), "PRIVATE_KEY");
    assertThat(key.getModulus().bitLength()).isEqualTo(2048);
  }

  @Test
  void readsPkcs8KeyToTheSameKey() {
    assertThat(Fixtures.pkcs8Pem().reveal()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PrivateKeys.parse(Fixtures.pkcs8Pem(), "PRIVATE_KEY"))
        .isEqualTo(PrivateKeys.parse(Fixtures.pkcs1Pem(), "PRIVATE_KEY"));
  }

  @Test
  void readsKeyWithWindowsLineEndingsAndSurroundingText() {
    String pem = "key for app 1:\r\n" + Fixtures.pkcs1Pem().reveal().replace("\n", "\r\n") + "\r\n";
    assertThat(PrivateKeys.parse(Secret.of(pem), "PRIVATE_KEY")).isNotNull();
  }

  static Stream<Arguments> malformed() {
    String body = Fixtures.pkcs1Pem().reveal();
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of(
            "publicKeyInstead", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"),
        Arguments.of("truncatedBody", body.substring(0, 200) + "\n-----END RSA PRIVATE KEY-----"),
        Arguments.of("mismatchedArmour", body.replace("END RSA PRIVATE KEY", "END PRIVATE KEY")),
        Arguments.of("pkcs1BodyLabelledPkcs8", body.replace("RSA PRIVATE KEY", "PRIVATE KEY")),
        Arguments.of(
            "notBase64", "-----BEGIN RSA PRIVATE KEY-----\n@@@@\n-----END RSA PRIVATE KEY-----"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedPemIsAConfigErrorThatDoesNotQuoteTheKey(String name, String pem) {
    assertThatThrownBy(() -> PrivateKeys.parse(Secret.of(pem), "PRIVATE_KEY"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("PRIVATE_KEY: ")
        .satisfies(t -> assertThat(t.getMessage()).doesNotContain("MII").doesNotContain("\n"));
  }

  @Test
  void appJwtIsRs256WithGitHubsClaims() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
    AppJwt jwt = new AppJwt(330788, PrivateKeys.parse(Fixtures.pkcs1Pem(), "k"), clock);
    String token = jwt.mint();
    Jws<Claims> parsed =
        Jwts.parser()
            .verifyWith(Fixtures.publicKey())
            .clock(() -> Date.from(clock.instant()))
            .build()
            .parseSignedClaims(token);
    assertThat(parsed.getHeader().getAlgorithm()).isEqualTo("RS256");
    Claims c = parsed.getPayload();
    assertThat(c.getIssuer()).isEqualTo("330788");
    assertThat(c.getIssuedAt().toInstant()).isEqualTo(clock.instant().minusSeconds(60));
    assertThat(Duration.between(clock.instant(), c.getExpiration().toInstant()))
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void appJwtFromAnotherKeyDoesNotVerify() throws Exception {
    var other = KeyPairGenerator.getInstance("RSA");
    other.initialize(2048);
    AppJwt jwt = new AppJwt(1, other.generateKeyPair().getPrivate(), java.time.Clock.systemUTC());
    assertThatThrownBy(
            () ->
                Jwts.parser()
                    .verifyWith(Fixtures.publicKey())
                    .build()
                    .parseSignedClaims(jwt.mint()))
        .isInstanceOf(SignatureException.class);
  }
}
