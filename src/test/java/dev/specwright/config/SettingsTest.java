package dev.specwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsTest {

  @TempDir Path temp;

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of(
            "apiUrlWithoutScheme", env("GITHUB_API_URL", "api.github.com"), "GITHUB_API_URL"),
        Arguments.of(
            "apiUrlFtp", env("GITHUB_API_URL", "ftp://ghe.example/api/v3"), "GITHUB_API_URL"),
        Arguments.of(
            "apiUrlWithSpaces", env("GITHUB_API_URL", "https://ghe example/api"), "GITHUB_API_URL"),
        Arguments.of(
            "apiUrlCarryingCredentials",
            env("GITHUB_API_URL", "https://u:p@ghe.example/api/v3"),
            "GITHUB_API_URL"),
        Arguments.of("portNotANumber", env("PORT", "http"), "PORT"),
        Arguments.of("portOutOfRange", env("PORT", "70000"), "PORT"),
        Arguments.of("publicUrlRelative", env("PUBLIC_URL", "/specwright"), "PUBLIC_URL"),
        Arguments.of("logLevelUnknown", env("LOG_LEVEL", "loud"), "LOG_LEVEL"),
        Arguments.of("logFormatUnknown", env("LOG_FORMAT", "xml"), "LOG_FORMAT"),
        Arguments.of("labelTooLong", env("SPEC_LABEL", "x".repeat(51)), "SPEC_LABEL"),
        Arguments.of(
            "appIdNotANumber",
            env("APP_ID", "my-app", "PRIVATE_KEY", "k", "WEBHOOK_SECRET", "s"),
            "APP_ID"),
        Arguments.of(
            "appIdNegative",
            env("APP_ID", "-4", "PRIVATE_KEY", "k", "WEBHOOK_SECRET", "s"),
            "APP_ID"),
        Arguments.of("keyWithoutAppId", env("PRIVATE_KEY", "k", "WEBHOOK_SECRET", "s"), "APP_ID"),
        Arguments.of("appIdWithoutKey", env("APP_ID", "1", "WEBHOOK_SECRET", "s"), "PRIVATE_KEY"),
        Arguments.of(
            "appIdWithoutSecret", env("APP_ID", "1", "PRIVATE_KEY", "k"), "WEBHOOK_SECRET"),
        Arguments.of(
            "bothKeyAndKeyPath",
            env(
                "APP_ID",
                "1",
                "PRIVATE_KEY",
                "k",
                "PRIVATE_KEY_PATH",
                "/k.pem",
                "WEBHOOK_SECRET",
                "s"),
            "PRIVATE_KEY"),
        Arguments.of(
            "keyFileMissing",
            env(
                "APP_ID",
                "1",
                "PRIVATE_KEY_PATH",
                "/nonexistent/specwright.pem",
                "WEBHOOK_SECRET",
                "s"),
            "PRIVATE_KEY_PATH"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void badSettingIsOneLineNamingTheSetting(
      String name, Map<String, String> values, String setting) {
    Env e = Env.of(values);
    assertThatThrownBy(
            () -> {
              ServerSettings.from(e);
              GitHubSettings.from(e);
              LogSettings.from(e);
              LabelSettings.from(e);
              AppSettings.from(e);
            })
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(setting + ": ")
        .satisfies(t -> assertThat(t.getMessage()).doesNotContain("\n"))
        .satisfies(t -> assertThat(((ConfigException) t).setting()).isEqualTo(setting));
  }

  @Test
  void defaultsAreProbots() {
    Env e = Env.of(Map.of());
    assertThat(ServerSettings.from(e).port()).isEqualTo(3000);
    assertThat(GitHubSettings.from(e).apiUrl()).isEqualTo(URI.create("https://api.github.com"));
    assertThat(GitHubSettings.from(e).webUrl()).isEqualTo(URI.create("https://github.com"));
    assertThat(LabelSettings.from(e).specLabel()).isEqualTo("spec");
    assertThat(LogSettings.from(e).format()).isEqualTo(LogSettings.Format.TEXT);
    assertThat(AppSettings.from(e)).isEmpty();
  }

  @Test
  void enterpriseServerWebUrlIsTheHostRoot() {
    GitHubSettings s =
        GitHubSettings.from(Env.of(Map.of("GITHUB_API_URL", "https://ghe.example.com/api/v3/")));
    assertThat(s.apiUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
    assertThat(s.webUrl()).isEqualTo(URI.create("https://ghe.example.com"));
  }

  @Test
  void privateKeyWithEscapedNewlinesIsUnescapedAndNeverPrinted() {
    AppCredentials c =
        AppSettings.from(
                Env.of(
                    Map.of(
                        "APP_ID", "42",
                        "PRIVATE_KEY",
                            "-----BEGIN RSA PRIVATE KEY-----\\nAAAA\\n-----END RSA PRIVATE KEY-----",
                        "WEBHOOK_SECRET", "hunter2")))
            .orElseThrow();
    assertThat(c.appId()).isEqualTo(42);
    assertThat(c.privateKeyPem().reveal()).contains("\nAAAA\n");
    assertThat(c.toString()).doesNotContain("AAAA").doesNotContain("hunter2");
  }

  @Test
  void privateKeyPathIsRead() throws Exception {
    Path pem = Files.writeString(temp.resolve("app.pem"), "PEM TEXT");
    AppCredentials c =
        AppSettings.from(
                Env.of(
                    Map.of(
                        "APP_ID", "7", "PRIVATE_KEY_PATH", pem.toString(), "WEBHOOK_SECRET", "s")))
            .orElseThrow();
    assertThat(c.privateKeyPem().reveal()).isEqualTo("PEM TEXT");
  }

  @Test
  void credentialsFileIsOwnerOnlyAndRoundTrips() throws Exception {
    AppCredentialsFile file = new AppCredentialsFile(temp.resolve("data"));
    assertThat(file.load()).isEmpty();
    AppCredentials c = new AppCredentials(330788, Secret.of("PEM"), Secret.of("whsec"));
    Path written = file.save(c, "https://github.com/apps/x");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(written)))
        .isEqualTo("rw-------");
    assertThat(file.load()).contains(c);
    // Saving again (a second registration) keeps the mode.
    file.save(new AppCredentials(1, Secret.of("P2"), Secret.of("S2")), "https://github.com/apps/y");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(written)))
        .isEqualTo("rw-------");
    assertThat(file.load().orElseThrow().appId()).isEqualTo(1);
  }

  @Test
  void secretNeverShowsInToString() {
    assertThat(Secret.of("ghs_abc").toString()).isEqualTo("***");
  }
}
