package dev.specwright.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.config.ConfigException;
import dev.specwright.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Start-up: bubblewrap by default, probed for real; a broken sandbox stops the server. */
class SandboxesTest {

  @Test
  void picksBubblewrapByDefault() throws Exception {
    assertThat(Sandboxes.fromEnv(Env.of(Map.of("PATH", "/usr/bin:/bin"))).name())
        .isEqualTo("bubblewrap");
  }

  @Test
  void runsPlainProcessesOnlyWhenToldSandboxNone() throws Exception {
    Sandbox sandbox = Sandboxes.fromEnv(Env.of(Map.of("SANDBOX", "none", "PATH", "/nowhere")));

    assertThat(sandbox).isInstanceOf(PlainProcessSandbox.class);
  }

  @Test
  void failsStartUpWhenBwrapIsNotFound() {
    assertThatThrownBy(() -> Sandboxes.fromEnv(Env.of(Map.of("PATH", "/nowhere:/also-not"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SANDBOX: bubblewrap (bwrap) was not found")
        .hasMessageContaining("SANDBOX=none");
  }

  @Test
  void failsStartUpWhenBwrapCannotCreateItsSandbox() {
    // a "bwrap" that exists but fails, as bwrap does when user namespaces are denied
    assertThatThrownBy(() -> Sandboxes.fromEnv(Env.of(Map.of("SANDBOX_BWRAP", "/bin/false"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot create its sandbox")
        .hasMessageContaining("exit 1");
  }

  @ParameterizedTest
  @CsvSource({"docker", "off", "'bubblewrap;rm -rf /'"})
  void rejectsUnknownSandboxModes(String mode) {
    assertThatThrownBy(() -> SandboxSettings.from(Env.of(Map.of("SANDBOX", mode))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected bubblewrap or none");
  }

  @Test
  void rejectsRelativePathsToHide() {
    assertThatThrownBy(
            () -> SandboxSettings.from(Env.of(Map.of("SANDBOX_HIDE", "/srv/keys:relative"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SANDBOX_HIDE");
  }

  @ParameterizedTest
  @CsvSource({"/", "/usr", "/etc/", "/bin"})
  void refusesToHideWhatEveryCommandNeeds(String path) {
    assertThatThrownBy(() -> SandboxSettings.from(Env.of(Map.of("SANDBOX_HIDE", path))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot be hidden");
  }

  @Test
  void aHomeOfSlashStillLeavesCommandsSomethingToRun() throws Exception {
    Sandbox sandbox = Sandboxes.fromEnv(Env.of(Map.of("HOME", "/", "PATH", "/usr/bin:/bin")));

    assertThat(sandbox.name()).isEqualTo("bubblewrap"); // the probe ran `true` successfully
  }

  @Test
  void hidesDataDirHomeAndConfiguredPaths() {
    SandboxSettings settings =
        SandboxSettings.from(
            Env.of(
                Map.of(
                    "SPECWRIGHT_DATA_DIR", "/srv/specwright",
                    "HOME", "/home/app",
                    "SANDBOX_HIDE", "/srv/keys:/opt/secret.pem")));

    assertThat(settings.hidden())
        .extracting(Object::toString)
        .contains("/srv/specwright", "/home/app", "/srv/keys", "/opt/secret.pem", "/run");
  }
}
