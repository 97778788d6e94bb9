package dev.specwright.github;

import dev.specwright.config.AppCredentials;
import dev.specwright.config.AppSettings;
import dev.specwright.config.GitHubSettings;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registered GitHub App, ready to talk: its webhook signature check, its JWT, its installation
 * tokens, and one client per installation. Built from credentials; a malformed key stops here with
 * a {@link dev.specwright.config.ConfigException} naming {@code PRIVATE_KEY}.
 */
public final class GitHubApp implements GitHubClients {

  private final long appId;
  private final GitHubSettings settings;
  private final GitHubHttp http;
  private final WebhookSignature signature;
  private final AppJwt jwt;
  private final InstallationTokens tokens;
  private final GitHubRest appRest;
  private final Map<Long, InstallationClient> installations = new ConcurrentHashMap<>();

  private GitHubApp(
      AppCredentials credentials, GitHubSettings settings, GitHubHttp http, Clock clock) {
    this.appId = credentials.appId();
    this.settings = settings;
    this.http = http;
    this.signature = new WebhookSignature(credentials.webhookSecret());
    this.jwt =
        new AppJwt(
            credentials.appId(),
            PrivateKeys.parse(credentials.privateKeyPem(), AppSettings.PRIVATE_KEY),
            clock);
    this.appRest = new GitHubRest(settings.apiUrl(), http.base());
    this.tokens = new InstallationTokens(appRest, jwt, clock);
  }

  public static GitHubApp create(
      AppCredentials credentials, GitHubSettings settings, GitHubHttp http, Clock clock) {
    return new GitHubApp(credentials, settings, http, clock);
  }

  public long appId() {
    return appId;
  }

  public WebhookSignature webhookSignature() {
    return signature;
  }

  public AppJwt jwt() {
    return jwt;
  }

  public InstallationTokens tokens() {
    return tokens;
  }

  /** Calls made as the app itself (JWT), such as listing its webhook deliveries. */
  public AppHookDeliveries hookDeliveries() {
    return new AppHookDeliveries(appRest, jwt);
  }

  @Override
  public InstallationClient installation(long installationId) {
    return installations.computeIfAbsent(
        installationId,
        id ->
            new InstallationClient(
                id,
                settings.apiUrl(),
                http.forInstallation(id, tokens, settings.apiUrl().getHost()),
                tokens));
  }

  @Override
  public String toString() {
    return "GitHubApp[" + appId + " at " + settings.apiUrl() + "]";
  }
}
