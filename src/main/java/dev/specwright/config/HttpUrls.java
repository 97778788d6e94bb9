package dev.specwright.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Parses a setting that must be an absolute http(s) URL into a URI without a trailing slash. */
final class HttpUrls {

  private HttpUrls() {}

  static URI parse(String setting, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigException(setting, "not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
      throw new ConfigException(setting, "expected an http:// or https:// URL with a host");
    }
    if (uri.getUserInfo() != null) {
      throw new ConfigException(setting, "the URL must not carry credentials");
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s);
  }
}
