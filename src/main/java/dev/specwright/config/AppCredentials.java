package dev.specwright.config;

import java.util.Objects;

/**
 * The GitHub App's identity: its id, its private key (PEM, PKCS#1 or PKCS#8) and its webhook
 * secret. The two secrets print as {@code ***}.
 */
public record AppCredentials(long appId, Secret privateKeyPem, Secret webhookSecret) {

  public AppCredentials {
    if (appId <= 0) {
      throw new IllegalArgumentException("appId must be positive");
    }
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(webhookSecret, "webhookSecret");
  }
}
