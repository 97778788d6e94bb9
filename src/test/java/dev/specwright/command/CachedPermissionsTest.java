package dev.specwright.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedPermissionsTest {

  static final RepoRef REPO = new RepoRef(1, "Codertocat", "Hello-World");

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  final InstantSource clock = now::get;
  final List<String> asked = new ArrayList<>();
  final AtomicReference<Permission> answer = new AtomicReference<>(Permission.WRITE);
  final CachedPermissions cache =
      new CachedPermissions(
          (repo, login) -> {
            asked.add(login);
            return answer.get();
          },
          Duration.ofSeconds(60),
          clock);

  @Test
  void asksGitHubOnceWithinTheTtl() {
    cache.permission(REPO, "alice");
    now.set(now.get().plusSeconds(59));
    Permission second = cache.permission(REPO, "Alice");

    assertThat(second).isEqualTo(Permission.WRITE);
    assertThat(asked).containsExactly("alice");
  }

  @Test
  void aRevokedCollaboratorLosesControlWhenTheEntryExpires() {
    cache.permission(REPO, "alice");
    answer.set(Permission.READ);
    now.set(now.get().plusSeconds(60));

    assertThat(cache.permission(REPO, "alice")).isEqualTo(Permission.READ);
    assertThat(asked).hasSize(2);
  }

  @Test
  void keepsRepositoriesApart() {
    cache.permission(REPO, "alice");
    cache.permission(new RepoRef(1, "Codertocat", "Other"), "alice");

    assertThat(asked).hasSize(2);
  }

  @Test
  void doesNotCacheFailures() {
    CachedPermissions flaky =
        new CachedPermissions(
            (repo, login) -> {
              asked.add(login);
              if (asked.size() == 1) {
                throw new IllegalStateException("502");
              }
              return Permission.ADMIN;
            },
            Duration.ofSeconds(60),
            clock);

    assertThatThrownBy(() -> flaky.permission(REPO, "alice")).hasMessage("502");
    assertThat(flaky.permission(REPO, "alice")).isEqualTo(Permission.ADMIN);
  }

  @Test
  void rejectsANegativeTtl() {
    assertThatThrownBy(
            () -> new CachedPermissions((r, l) -> Permission.NONE, Duration.ofSeconds(-1), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
