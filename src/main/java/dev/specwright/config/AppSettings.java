package dev.specwright.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The app credentials given by environment, with Probot's names: {@code APP_ID}, {@code
 * PRIVATE_KEY} (the PEM itself; {@code \n} escapes allowed) or {@code PRIVATE_KEY_PATH}, and {@code
 * WEBHOOK_SECRET}. None of them set means "not registered yet" (the server then offers the
 * registration flow); some but not all set is a mistake and stops start-up.
 */
public final class AppSettings {

  public static final String APP_ID = "APP_ID";
  public static final String PRIVATE_KEY = "PRIVATE_KEY";
  public static final String PRIVATE_KEY_PATH = "PRIVATE_KEY_PATH";
  public static final String WEBHOOK_SECRET = "WEBHOOK_SECRET";

  private AppSettings() {}

  /** The credentials from the environment, or empty when none of the settings is given. */
  public static Optional<AppCredentials> from(Env env) {
    Optional<String> appId = env.get(APP_ID);
    Optional<String> key = env.get(PRIVATE_KEY);
    Optional<String> keyPath = env.get(PRIVATE_KEY_PATH);
    Optional<String> secret = env.get(WEBHOOK_SECRET);
    if (appId.isEmpty() && key.isEmpty() && keyPath.isEmpty() && secret.isEmpty()) {
      return Optional.empty();
    }
    if (appId.isEmpty()) {
      throw new ConfigException(
          APP_ID, "missing; it is needed with PRIVATE_KEY/PRIVATE_KEY_PATH/WEBHOOK_SECRET");
    }
    long id;
    try {
      id = Long.parseLong(appId.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(APP_ID, "expected the app's numeric id, got '" + appId.get() + "'");
    }
    if (id <= 0) {
      throw new ConfigException(APP_ID, "expected a positive number, got " + id);
    }
    if (key.isPresent() && keyPath.isPresent()) {
      throw new ConfigException(PRIVATE_KEY, "set PRIVATE_KEY or PRIVATE_KEY_PATH, not both");
    }
    Secret pem =
        key.map(k -> Secret.of(k.replace("\\n", "\n")))
            .or(() -> keyPath.map(AppSettings::readKeyFile))
            .orElseThrow(
                () ->
                    new ConfigException(
                        PRIVATE_KEY, "missing; set PRIVATE_KEY or PRIVATE_KEY_PATH with APP_ID"));
    Secret webhookSecret =
        secret
            .map(Secret::of)
            .orElseThrow(
                () ->
                    new ConfigException(
                        WEBHOOK_SECRET, "missing; set it to the app's webhook secret"));
    return Optional.of(new AppCredentials(id, pem, webhookSecret));
  }

  private static Secret readKeyFile(String path) {
    Path p = Path.of(path);
    try {
      return Secret.of(Files.readString(p, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new ConfigException(PRIVATE_KEY_PATH, "no such file: " + p.toAbsolutePath());
    } catch (IOException e) {
      throw new ConfigException(
          PRIVATE_KEY_PATH, "cannot read " + p.toAbsolutePath() + ": " + e.getMessage());
    }
  }
}
