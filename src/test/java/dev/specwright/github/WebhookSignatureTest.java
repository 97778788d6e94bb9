package dev.specwright.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.config.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookSignatureTest {

  // GitHub's documented test vector (docs: "Validating webhook deliveries").
  static final String SECRET = "It's a Secret to Everybody";
  static final byte[] PAYLOAD = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  static final String SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  final WebhookSignature check = new WebhookSignature(Secret.of(SECRET));

  @Test
  void acceptsGitHubsTestVector() {
    assertThat(check.sign(PAYLOAD)).isEqualTo(SIGNATURE);
    assertThat(check.matches(PAYLOAD, SIGNATURE)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "missing, NULL",
        "empty, ''",
        "sha1Instead, sha1=757107ea0eb2509fc211221cce984b8a37570b6d",
        "noPrefix, 757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "oneDigitOff, sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18",
        "truncated, sha256=757107ea0eb2509fc211221cce984b8a",
        "upperCaseHex, sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17",
        "trailingGarbage, sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1700"
      })
  void rejectsSignatureThatIsNotExactlyRight(String name, String header) {
    assertThat(check.matches(PAYLOAD, header)).isFalse();
  }

  @Test
  void rejectsRightSignatureOverOtherBody() {
    assertThat(check.matches("Hello, World?".getBytes(StandardCharsets.UTF_8), SIGNATURE))
        .isFalse();
  }

  @Test
  void rejectsSignatureMadeWithAnotherSecret() {
    WebhookSignature other = new WebhookSignature(Secret.of("guess"));
    assertThat(check.matches(PAYLOAD, other.sign(PAYLOAD))).isFalse();
  }
}
