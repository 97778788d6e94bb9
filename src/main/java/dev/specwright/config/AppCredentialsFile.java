package dev.specwright.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The credentials the registration flow received from GitHub, kept in {@code <data
 * dir>/github-app.json} and readable by its owner only (mode 0600, set when the file is created, so
 * there is no moment at which others could read it).
 */
public final class AppCredentialsFile {

  public static final String FILE_NAME = "github-app.json";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public AppCredentialsFile(Path dataDir) {
    this.file = dataDir.resolve(FILE_NAME);
  }

  public Path path() {
    return file;
  }

  /** The saved credentials, or empty when the app has not been registered from this server. */
  public Optional<AppCredentials> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      long id = n.path("id").asLong(0);
      String pem = n.path("pem").asText("");
      String secret = n.path("webhook_secret").asText("");
      if (id <= 0 || pem.isEmpty() || secret.isEmpty()) {
        throw new ConfigException(
            DatabaseSettings.DATA_DIR, file + " lacks id, pem or webhook_secret; delete it");
      }
      return Optional.of(new AppCredentials(id, Secret.of(pem), Secret.of(secret)));
    } catch (IOException e) {
      throw new ConfigException(
          DatabaseSettings.DATA_DIR, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Saves the credentials with the app's public page, replacing the file atomically. Returns the
   * path written.
   */
  public Path save(AppCredentials credentials, String htmlUrl) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", credentials.appId());
    n.put("html_url", htmlUrl);
    n.put("pem", credentials.privateKeyPem().reveal());
    n.put("webhook_secret", credentials.webhookSecret().reveal());
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        Files.createFile(tmp);
        tmp.toFile().setReadable(false, false);
        tmp.toFile().setReadable(true, true);
        tmp.toFile().setWritable(false, false);
        tmp.toFile().setWritable(true, true);
      }
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the app credentials to " + file, e);
    }
  }
}
