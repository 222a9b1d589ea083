package io.kafkamesos.scheduler.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The one-time secret each node task carries in its data so that its certificate request can be
 * told from anyone else's. The scheduler keeps only its SHA-256 and compares in constant time.
 */
public final class TaskSecrets {

  private TaskSecrets() {
  }

  /** 32 random bytes, URL-safe base64 without padding. */
  public static String generate(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The hex SHA-256 of a secret, which is what the scheduler stores. */
  public static String hash(String secret) {
    return HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether {@code secret} hashes to {@code expectedHash}, in time that does not depend on where they differ. */
  public static boolean matches(String secret, String expectedHash) {
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(expectedHash);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(sha256(secret.getBytes(StandardCharsets.UTF_8)), expected);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
