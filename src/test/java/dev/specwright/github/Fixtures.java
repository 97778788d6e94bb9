package dev.specwright.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specwright.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** The recorded GitHub fixtures (src/test/resources/fixtures/github), and keys made from them. */
public final class Fixtures {

  public static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** A fixture file as text, e.g. {@code github/api/app-manifest-conversion.json}. */
  public static String read(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A webhook payload, parsed so that a test can set what its scenario needs. */
  public static ObjectNode webhook(String name) {
    try {
      return (ObjectNode) JSON.readTree(read("github/webhooks/" + name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The real PKCS#1 key of hub4j's public test app, from the manifest conversion recording. */
  public static Secret pkcs1Pem() {
    try {
      return Secret.of(
          JSON.readTree(read("github/api/app-manifest-conversion.json")).get("pem").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same key re-encoded as PKCS#8, as {@code openssl pkcs8 -topk8 -nocrypt} writes it. */
  public static Secret pkcs8Pem() {
    byte[] der = PrivateKeys.parse(pkcs1Pem(), "test").getEncoded();
    return Secret.of(
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END PRIVATE KEY-----\n");
  }

  /** The public half of the fixture key, to verify JWTs the app signed. */
  public static PublicKey publicKey() {
    try {
      RSAPrivateCrtKey k = (RSAPrivateCrtKey) PrivateKeys.parse(pkcs1Pem(), "test");
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
