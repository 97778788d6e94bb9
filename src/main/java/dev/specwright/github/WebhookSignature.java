package dev.specwright.github;

import dev.specwright.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw body under
 * the webhook secret, compared in constant time so that the comparison leaks nothing about the
 * expected value.
 */
public final class WebhookSignature {

  public static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";

  private final SecretKeySpec key;
  // A Mac is not thread-safe and costs a provider lookup to create: one per thread, reused.
  private final ThreadLocal<Mac> macs;

  public WebhookSignature(Secret secret) {
    this.key = new SecretKeySpec(secret.utf8(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** True when {@code header} is the signature of {@code body}; false when missing or wrong. */
  public boolean matches(byte[] body, String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      return false;
    }
    byte[] given = header.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = sign(body).substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  /** The header value for {@code body}: {@code sha256=<hex>}. */
  public String sign(byte[] body) {
    return PREFIX + HexFormat.of().formatHex(macs.get().doFinal(body));
  }

  @Override
  public String toString() {
    return "WebhookSignature[***]";
  }
}
