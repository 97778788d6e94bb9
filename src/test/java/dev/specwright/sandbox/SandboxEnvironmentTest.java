package dev.specwright.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a caller may add to a sandboxed command's environment. */
class SandboxEnvironmentTest {

  private static CommandSpec with(String name, String value) {
    return CommandSpec.of("true", Path.of("/tmp")).withEnv(Map.of(name, value));
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({
    "GITHUB_TOKEN, x, looks like a secret",
    "ANTHROPIC_API_KEY, x, looks like a secret",
    "OPENAI_API_KEY, x, looks like a secret",
    "AWS_SECRET_ACCESS_KEY, x, looks like a secret",
    "npm_config__authToken, x, looks like a secret",
    "DB_PASSWORD, x, looks like a secret",
    "DATABASE_URL, x, looks like a secret",
    "SPECWRIGHT_WEBHOOK_SECRET, x, looks like a secret",
    "GH_PAT, x, looks like a secret",
    "INNOCENT, ghs_0123456789abcdefghijABCDEFGHIJ, looks like a credential",
    "NOTES, sk-ant-api03-abcdefghijklmnopqrstu, looks like a credential",
    "CERT, '-----BEGIN RSA PRIVATE KEY-----\nMIIE', looks like a credential",
    "'A=B', x, not a valid environment variable name",
    "1X, x, not a valid environment variable name",
    "'LD_PRELOAD ', x, not a valid environment variable name",
    "HOME, /root, cannot be overridden",
    "TMPDIR, /, cannot be overridden",
  })
  void refuses(String name, String value, String reason) {
    assertThatThrownBy(() -> SandboxEnvironment.of(with(name, value), "/bin", "/h", "/t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason)
        .hasMessageNotContaining(value.length() > 3 ? value : "\u0000");
  }

  @ParameterizedTest(name = "{0} passes")
  @CsvSource({"JAVA_HOME, /usr/lib/jvm/21", "CI, true", "NODE_ENV, test", "PATH, /opt/bin:/bin"})
  void passes(String name, String value) {
    assertThat(SandboxEnvironment.of(with(name, value), "/bin", "/h", "/t"))
        .containsEntry(name, value)
        .containsEntry("HOME", "/h")
        .containsEntry("TERM", "dumb");
  }
}
