package dev.specwright.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermissionTest {

  @ParameterizedTest(name = "{0} -> {1}, may command: {2}")
  @CsvSource({
    "admin, ADMIN, true",
    "maintain, MAINTAIN, true",
    "write, WRITE, true",
    "WRITE, WRITE, true",
    "triage, TRIAGE, false",
    "read, READ, false",
    "none, NONE, false",
    "a-custom-role, NONE, false",
    "'', NONE, false"
  })
  void readsGitHubRoleNamesFailingClosed(String roleName, Permission expected, boolean mayCommand) {
    Permission p = Permission.fromGitHub(roleName);

    assertThat(p).isEqualTo(expected);
    assertThat(p.atLeast(Permission.WRITE)).isEqualTo(mayCommand);
  }

  @Test
  void nullIsNone() {
    assertThat(Permission.fromGitHub(null)).isEqualTo(Permission.NONE);
  }
}
