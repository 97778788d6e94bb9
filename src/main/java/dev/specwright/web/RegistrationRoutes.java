package dev.specwright.web;

import dev.specwright.config.AppCredentialsFile;
import dev.specwright.config.ServerSettings;
import dev.specwright.github.CurrentApp;
import dev.specwright.github.GitHubApp;
import dev.specwright.github.ManifestConversion;
import dev.specwright.github.PrivateKeys;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registering Specwright on GitHub from a browser (GitHub's app manifest flow). {@code GET /} shows
 * the state of the app and, while none is registered, a button; {@code GET /setup/start} sends the
 * browser to GitHub with the manifest and a fresh {@code state}; {@code GET /setup/callback} checks
 * that state, trades the code for the credentials, saves them (mode 0600), loads them at once and
 * sends the user on to install the app.
 */
public final class RegistrationRoutes {

  private static final Logger log = LoggerFactory.getLogger(RegistrationRoutes.class);
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9a-fA-F:.]+\\](:[0-9]{1,5})?");
  private static final Pattern ORG = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");

  private final CurrentApp app;
  private final ServerSettings server;
  private final AppCredentialsFile credentialsFile;
  private final AppManifest manifest;
  private final PendingStates states;
  private final ManifestConversion conversion;

  public RegistrationRoutes(
      CurrentApp app,
      ServerSettings server,
      AppCredentialsFile credentialsFile,
      AppManifest manifest,
      PendingStates states) {
    this.app = app;
    this.server = server;
    this.credentialsFile = credentialsFile;
    this.manifest = manifest;
    this.states = states;
    this.conversion = new ManifestConversion(app.settings().apiUrl(), app.http().base());
  }

  public void home(Context ctx) {
    Optional<GitHubApp> current = app.get();
    String webhook = Html.escape(publicUrl(ctx) + "/webhook");
    if (current.isPresent()) {
      ctx.html(
          Html.page(
              "Specwright",
              "<h1>Specwright</h1><p>Running as GitHub App <b>"
                  + current.get().appId()
                  + "</b> on <code>"
                  + Html.escape(app.settings().apiUrl().toString())
                  + "</code>. Webhooks arrive at <code>"
                  + webhook
                  + "</code>.</p><p>Label an issue with the spec label (<code>SPEC_LABEL</code>) in a repository where the"
                  + " app is installed to hand it over.</p><p><a href=\"/metrics\">metrics</a> ·"
                  + " <a href=\"/healthz\">health</a></p>"));
      return;
    }
    ctx.html(
        Html.page(
            "Register Specwright",
            "<h1>Register Specwright on GitHub</h1><p>This server has no GitHub App yet. Register"
                + " one from <code>app-manifest.yml</code>: GitHub creates it, sends this server"
                + " its key and webhook secret, and takes you on to install it.</p>"
                + "<form method=\"get\" action=\"/setup/start\"><p><label>Organization (leave"
                + " empty for your personal account): <input name=\"org\" pattern=\""
                + ORG.pattern()
                + "\"></label></p><p><button type=\"submit\">Register a GitHub App</button></p>"
                + "</form><p>GitHub must reach <code>"
                + webhook
                + "</code>; set <code>PUBLIC_URL</code> if this address is not the public one."
                + "</p>"));
  }

  public void start(Context ctx) {
    if (app.get().isPresent()) {
      ctx.status(HttpStatus.CONFLICT).result("a GitHub App is already registered here\n");
      return;
    }
    String org = Optional.ofNullable(ctx.queryParam("org")).map(String::trim).orElse("");
    if (!org.isEmpty() && !ORG.matcher(org).matches()) {
      ctx.status(HttpStatus.BAD_REQUEST).result("not a GitHub organization name\n");
      return;
    }
    String state;
    try {
      state = states.issue();
    } catch (IllegalStateException e) {
      ctx.status(HttpStatus.TOO_MANY_REQUESTS).result(e.getMessage() + "\n");
      return;
    }
    String web = app.settings().webUrl().toString();
    String action =
        (org.isEmpty()
                ? web + "/settings/apps/new"
                : web + "/organizations/" + org + "/settings/apps/new")
            + "?state="
            + state;
    String json = manifest.forServer(publicUrl(ctx));
    ctx.html(
        Html.page(
            "Register Specwright",
            "<form id=\"register\" method=\"post\" action=\""
                + Html.escape(action)
                + "\"><input type=\"hidden\" name=\"manifest\" value=\""
                + Html.escape(json)
                + "\"><p>Taking you to GitHub…</p><button type=\"submit\">Continue to"
                + " GitHub</button></form><script>document.getElementById('register').submit()"
                + "</script>"));
  }

  public void callback(Context ctx) {
    if (app.get().isPresent()) {
      ctx.status(HttpStatus.CONFLICT).result("a GitHub App is already registered here\n");
      return;
    }
    if (!states.redeem(ctx.queryParam("state"))) {
      ctx.status(HttpStatus.BAD_REQUEST)
          .result(
              "unknown or expired state: start the registration again from this server's home"
                  + " page\n");
      return;
    }
    ManifestConversion.RegisteredApp registered;
    try {
      registered = conversion.convert(ctx.queryParam("code"));
      PrivateKeys.parse(registered.credentials().privateKeyPem(), "pem");
    } catch (IllegalArgumentException e) {
      ctx.status(HttpStatus.BAD_REQUEST).result("missing or malformed code\n");
      return;
    } catch (Exception e) {
      log.warn("manifest conversion failed: {}", e.getMessage());
      ctx.status(HttpStatus.BAD_GATEWAY)
          .result("GitHub did not complete the registration: " + e.getMessage() + "\n");
      return;
    }
    credentialsFile.save(registered.credentials(), registered.htmlUrl());
    app.load(registered.credentials());
    log.info(
        "registered GitHub App {} ({}); credentials saved to {}",
        registered.credentials().appId(),
        registered.htmlUrl(),
        credentialsFile.path());
    ctx.redirect(registered.installUrl(), HttpStatus.FOUND);
  }

  private URI publicUrl(Context ctx) {
    if (server.publicUrl().isPresent()) {
      return server.publicUrl().get();
    }
    String proto = "https".equals(ctx.header("X-Forwarded-Proto")) ? "https" : ctx.scheme();
    String host = ctx.host();
    if (host == null || !HOST.matcher(host).matches()) {
      host = "localhost:" + server.port();
    }
    return URI.create(proto + "://" + host);
  }
}
