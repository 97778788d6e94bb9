package dev.specwright.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the HTTP server listens ({@code HOST}, {@code PORT}) and, optionally, the public URL GitHub
 * reaches it at ({@code PUBLIC_URL}); without one, the registration page uses the URL the browser
 * used.
 */
public record ServerSettings(String host, int port, Optional<URI> publicUrl) {

  public static final String HOST = "HOST";
  public static final String PORT = "PORT";
  public static final String PUBLIC_URL = "PUBLIC_URL";
  public static final int DEFAULT_PORT = 3000;

  public static ServerSettings from(Env env) {
    String host = env.get(HOST, "0.0.0.0");
    int port = env.getInt(PORT, DEFAULT_PORT);
    if (port < 0 || port > 65535) {
      throw new ConfigException(PORT, "expected a port between 0 and 65535, got " + port);
    }
    Optional<URI> publicUrl = env.get(PUBLIC_URL).map(u -> HttpUrls.parse(PUBLIC_URL, u));
    return new ServerSettings(host, port, publicUrl);
  }
}
