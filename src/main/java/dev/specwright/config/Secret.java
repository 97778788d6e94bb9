package dev.specwright.config;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret value (a private key, a webhook secret, a token). Its {@link #toString()} never shows
 * the value, so a secret that slips into a log line or a record's {@code toString} stays hidden;
 * the value is read only through {@link #reveal()}, which makes every use easy to find.
 */
public final class Secret {

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The value itself; call only where it is sent or used, never to log it. */
  public String reveal() {
    return value;
  }

  public byte[] utf8() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && java.security.MessageDigest.isEqual(utf8(), s.utf8());
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "***";
  }
}
