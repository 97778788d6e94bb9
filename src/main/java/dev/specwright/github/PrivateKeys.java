package dev.specwright.github;

import dev.specwright.config.ConfigException;
import dev.specwright.config.Secret;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the RSA private key GitHub hands out for an app. GitHub gives PKCS#1 ({@code BEGIN RSA
 * PRIVATE KEY}); a key converted with {@code openssl pkcs8} is PKCS#8 ({@code BEGIN PRIVATE KEY}).
 * The JDK reads only PKCS#8, so a PKCS#1 key is wrapped in the PKCS#8 envelope (a fixed DER header)
 * rather than pulling in a crypto library for it.
 */
public final class PrivateKeys {

  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN (RSA PRIVATE KEY|PRIVATE KEY)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  // AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private PrivateKeys() {}

  /**
   * Parses the PEM; a malformed one is a {@link ConfigException} naming {@code setting} and never
   * quoting the key.
   */
  public static RSAPrivateKey parse(Secret pem, String setting) {
    Matcher m = PEM.matcher(pem.reveal());
    if (!m.find()) {
      throw new ConfigException(
          setting,
          "not a PEM RSA private key (expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN"
              + " PRIVATE KEY-----)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting, "the PEM body is not valid base64");
    }
    byte[] pkcs8 = m.group(1).startsWith("RSA") ? wrapPkcs1(der) : der;
    try {
      return (RSAPrivateKey)
          KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new ConfigException(setting, "the PEM does not hold a readable RSA private key");
    }
  }

  /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 } */
  static byte[] wrapPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.write(0x04);
    body.writeBytes(derLength(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(derLength(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] derLength(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    if (length < 0x100) {
      return new byte[] {(byte) 0x81, (byte) length};
    }
    if (length < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
    }
    return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
  }
}
