package dev.specwright.github;

import dev.specwright.config.AppCredentials;
import dev.specwright.config.GitHubSettings;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app as currently registered, which may change while the server runs: it starts empty when no
 * credentials are configured and is filled when the registration flow completes, without a restart.
 * Everything that needs the app asks here at the time of use.
 */
public final class CurrentApp implements GitHubClients {

  private static final Logger log = LoggerFactory.getLogger(CurrentApp.class);

  private final GitHubSettings settings;
  private final GitHubHttp http;
  private final Clock clock;
  private final AtomicReference<GitHubApp> app = new AtomicReference<>();

  public CurrentApp(GitHubSettings settings, GitHubHttp http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  public GitHubSettings settings() {
    return settings;
  }

  public GitHubHttp http() {
    return http;
  }

  public Optional<GitHubApp> get() {
    return Optional.ofNullable(app.get());
  }

  /** Loads (or replaces) the credentials; a malformed key throws and changes nothing. */
  public GitHubApp load(AppCredentials credentials) {
    GitHubApp created = GitHubApp.create(credentials, settings, http, clock);
    app.set(created);
    log.info("GitHub App {} loaded ({})", credentials.appId(), settings.apiUrl());
    return created;
  }

  @Override
  public InstallationClient installation(long installationId) {
    return get()
        .orElseThrow(
            () -> new IllegalStateException("the GitHub App is not registered yet; open /"))
        .installation(installationId);
  }
}
