package dev.specwright.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretScrubberTest {

  private final SecretScrubber scrubber = new SecretScrubber();

  // Built by concatenation so that this file itself does not trip secret scanners.
  private static final String GHP = "ghp_" + "R8s2xQ4mZ7kL1pV9bN3cT6yH0wJ5fG2dA8eU";
  private static final String GHS = "ghs_" + "16C7e42F292c6912E7710c838347Ae178B4a";
  private static final String PAT =
      "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU";
  private static final String OPENAI = "sk-" + "proj-Qx7aB2cD9eF4gH1iJ6kL3mN8oP5qR0sT";
  private static final String ANTHROPIC = "sk-" + "ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe";
  private static final String AWS_ID = "AKIA" + "IOSFODNN7EXAMPLE";
  private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of("githubClassicToken", "token " + GHP + " in text", GHP),
        Arguments.of("githubInstallationToken", "x-access-token:" + GHS, GHS),
        Arguments.of("githubFineGrainedPat", "PAT=" + PAT, PAT),
        Arguments.of("openAiKey", "using " + OPENAI, OPENAI),
        Arguments.of("anthropicKey", "key: " + ANTHROPIC, ANTHROPIC),
        Arguments.of("awsAccessKeyId", "aws id " + AWS_ID + " here", AWS_ID),
        Arguments.of("awsSecretInEnvFile", "AWS_SECRET_ACCESS_KEY=" + AWS_SECRET, AWS_SECRET),
        Arguments.of(
            "pemPrivateKey",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7x\nq9Z\n-----END RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEA7x"),
        Arguments.of(
            "pemKeyCutOffByOutputCap",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk",
            "b3BlbnNzaC1rZXk"),
        Arguments.of(
            "authorizationBearerHeader", "Authorization: Bearer eyJhbGciOi.abc.def", "eyJhbGciOi"),
        Arguments.of(
            "authorizationBasicHeader", "authorization: basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
        Arguments.of("curlHeaderInQuotes", "curl -H 'Authorization: token abc123XYZ'", "abc123XYZ"),
        Arguments.of(
            "passwordInUrl", "https://deploy:Tr0ub4dor&3@example.com/repo.git", "Tr0ub4dor&3"),
        Arguments.of(
            "highEntropyTokenAssignment", "API_TOKEN=9fK2xQ7vL1mZ8pW3", "9fK2xQ7vL1mZ8pW3"),
        Arguments.of(
            "quotedSecretInYaml", "client_secret: \"aZ3kP9qL2mX7vB4n\"", "aZ3kP9qL2mX7vB4n"),
        Arguments.of("passwordInJson", "\"db_password\": \"Qw3rty!Uiop#Asdf\"", "Qw3rty!Uiop#Asdf"),
        Arguments.of("slackBotToken", "xoxb-" + "123456789012-abcdefABCDEF", "abcdefABCDEF"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void redactsSecret(String name, String text, String secret) {
    String out = scrubber.scrub(text);
    assertThat(out).doesNotContain(secret).contains("[REDACTED:");
  }

  static Stream<Arguments> harmless() {
    return Stream.of(
        Arguments.of("lowEntropyConfigNumber", "MAX_TOKENS=4096"),
        Arguments.of("variableReference", "GITHUB_TOKEN=$GITHUB_TOKEN"),
        Arguments.of("shellExpansion", "export API_KEY=${API_KEY}"),
        Arguments.of("javaIdentifier", "String tokenizer = new Tokenizer();"),
        Arguments.of("ordinaryCode", "for (int i = 0; i < keys.size(); i++) {"),
        Arguments.of("gitShaIsNotASecret", "commit 3f786850e387550fdab836ed7e6dc881de23001b"),
        Arguments.of("skWordInProse", "the task asks to skim the docs"),
        Arguments.of(
            "publicKeyBlock", "-----BEGIN PUBLIC KEY-----\nMFkwEwYH\n-----END PUBLIC KEY-----"),
        Arguments.of("urlWithoutPassword", "https://github.com/octo/app.git"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("harmless")
  void leavesHarmlessTextAlone(String name, String text) {
    assertThat(scrubber.scrub(text)).isEqualTo(text);
  }

  @Test
  void keepsTheNameOfWhatWasRedactedSoTheModelCanReason() {
    assertThat(scrubber.scrub("GITHUB_TOKEN=" + GHP))
        .isEqualTo("GITHUB_TOKEN=[REDACTED:github-token]");
    assertThat(scrubber.scrub("Authorization: Bearer abc.def.ghi"))
        .isEqualTo("Authorization: Bearer [REDACTED:authorization]");
  }

  @Test
  void scrubbingIsIdempotent() {
    String once =
        scrubber.scrub(
            "Authorization: Bearer abc.def.ghi and " + GHP + " API_KEY=9fK2xQ7vL1mZ8pW3");
    assertThat(scrubber.scrub(once)).isEqualTo(once);
  }

  @Test
  void redactsEverySecretInALongLog() {
    String log = "line\n".repeat(1000) + GHP + "\n" + "more\n".repeat(1000) + OPENAI;
    String out = scrubber.scrub(log);
    assertThat(out).doesNotContain(GHP).doesNotContain(OPENAI);
  }
}
