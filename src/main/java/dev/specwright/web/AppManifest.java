package dev.specwright.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * {@code app-manifest.yml} (carried in the jar) turned into the JSON GitHub's manifest flow takes,
 * with this server's addresses filled in: home page, webhook URL and the callback GitHub sends the
 * browser back to.
 */
public final class AppManifest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode template;

  private AppManifest(ObjectNode template) {
    this.template = template;
  }

  public static AppManifest fromClasspath() {
    try (InputStream in = AppManifest.class.getResourceAsStream("/app-manifest.yml")) {
      if (in == null) {
        throw new IllegalStateException("app-manifest.yml is missing from the jar");
      }
      return new AppManifest((ObjectNode) YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("app-manifest.yml is not valid YAML", e);
    }
  }

  /** The manifest as the YAML file gives it. */
  public ObjectNode template() {
    return template.deepCopy();
  }

  /** The manifest JSON for a server reachable at {@code publicUrl}. */
  public String forServer(URI publicUrl) {
    ObjectNode m = template.deepCopy();
    String base = publicUrl.toString().replaceAll("/+$", "");
    m.put("url", base);
    m.putObject("hook_attributes").put("url", base + "/webhook").put("active", true);
    m.put("redirect_url", base + "/setup/callback");
    try {
      return JSON.writeValueAsString(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
