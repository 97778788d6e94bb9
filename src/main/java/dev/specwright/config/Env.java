package dev.specwright.config;

import java.util.Map;
import java.util.Optional;

/**
 * The process environment as a value, so that settings are parsed from a map that tests can build
 * rather than from {@link System#getenv()} directly.
 */
public record Env(Map<String, String> values) {

  public Env {
    values = Map.copyOf(values);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  public static Env of(Map<String, String> values) {
    return new Env(values);
  }

  /** The value, or empty when unset or blank. */
  public Optional<String> get(String name) {
    String v = values.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  public String get(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  public int getInt(String name, int fallback) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(name, "expected a whole number, got '" + v.get() + "'");
    }
  }

  public boolean getBoolean(String name, boolean fallback) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return fallback;
    }
    return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(name, "expected true or false, got '" + v.get() + "'");
    };
  }
}
