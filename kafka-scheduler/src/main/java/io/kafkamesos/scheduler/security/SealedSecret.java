package io.kafkamesos.scheduler.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A secret as the store writes it: AES-256-GCM under a key derived (PBKDF2-HMAC-SHA256) from the
 * scheduler's ZooKeeper password, bound to what it belongs to (the associated data: its path and
 * the CA certificate's hash). ZooKeeper's ACLs keep other clients out, but ZooKeeper's snapshots
 * and transaction logs on its servers' disks hold every node in the clear, and a client allowed to
 * create nodes could plant a key it knows under an ACL naming the scheduler: sealed, the key is
 * unreadable on disk and a planted one does not open.
 *
 * <p>Text form ({@link Properties}): {@code format=sealed/1}, {@code kdf}, {@code iterations},
 * {@code salt}, {@code iv}, {@code data} (base64).
 */
final class SealedSecret {

  private static final String FORMAT = "sealed/1";
  private static final String KDF = "PBKDF2WithHmacSHA256";
  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.2 s once per scheduler start. */
  static final int ITERATIONS = 600_000;

  private SealedSecret() {
  }

  static byte[] seal(byte[] plaintext, String password, String associated, SecureRandom random) {
    byte[] salt = new byte[16];
    byte[] iv = new byte[12];
    random.nextBytes(salt);
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key(password, salt, ITERATIONS), new GCMParameterSpec(128, iv));
      cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
      byte[] data = cipher.doFinal(plaintext);
      Properties p = new Properties();
      p.setProperty("format", FORMAT);
      p.setProperty("kdf", KDF);
      p.setProperty("iterations", Integer.toString(ITERATIONS));
      p.setProperty("salt", Base64.getEncoder().encodeToString(salt));
      p.setProperty("iv", Base64.getEncoder().encodeToString(iv));
      p.setProperty("data", Base64.getEncoder().encodeToString(data));
      StringWriter out = new StringWriter();
      p.store(out, null);
      return out.toString().getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a secret: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws IllegalArgumentException when the blob is not sealed, or does not open with this
   *     password and associated data (another credential sealed it, or it was changed)
   */
  static byte[] open(byte[] sealed, String password, String associated) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(sealed, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a sealed secret");
    }
    if (!FORMAT.equals(p.getProperty("format")) || !KDF.equals(p.getProperty("kdf"))) {
      throw new IllegalArgumentException("not a sealed secret (format " + p.getProperty("format") + ")");
    }
    try {
      int iterations = Integer.parseInt(p.getProperty("iterations", ""));
      if (iterations < 100_000 || iterations > 10_000_000) {
        throw new IllegalArgumentException("a sealed secret with " + iterations + " iterations is refused");
      }
      byte[] salt = Base64.getDecoder().decode(p.getProperty("salt", ""));
      byte[] iv = Base64.getDecoder().decode(p.getProperty("iv", ""));
      byte[] data = Base64.getDecoder().decode(p.getProperty("data", ""));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key(password, salt, iterations), new GCMParameterSpec(128, iv));
      cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(data);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("it does not open with this credential (sealed with another"
          + " one, or changed since)");
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a malformed sealed secret");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("a malformed sealed secret: " + e.getMessage());
    }
  }

  private static SecretKeySpec key(String password, byte[] salt, int iterations)
      throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
    try {
      return new SecretKeySpec(SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded(), "AES");
    } finally {
      spec.clearPassword();
    }
  }
}
