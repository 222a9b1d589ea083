package io.kafkamesos.scheduler.security;

import io.kafkamesos.scheduler.settings.InvalidSettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * The scheduler's own ZooKeeper identity ({@code digest} scheme, {@code user:password}), from
 * {@code ZK_SECRET_FILE} (a file holding {@code user:password}, as a DC/OS secret or a Kubernetes
 * style mounted secret is) or {@code ZK_SECRET} (the value itself). Every scheduler of a cluster
 * (a standby, the next one Marathon starts) runs with the same environment and so the same
 * identity, which is what lets it read what the first one stored. {@link #toString()} hides the
 * password.
 *
 * @param user the digest user name (no {@code :})
 * @param password the password
 */
public record ZooKeeperCredential(String user, String password) {

  public static final String FILE_VARIABLE = "ZK_SECRET_FILE";
  public static final String VALUE_VARIABLE = "ZK_SECRET";

  public ZooKeeperCredential {
    Objects.requireNonNull(user);
    Objects.requireNonNull(password);
  }

  /**
   * The credential of the environment, if any.
   *
   * @throws InvalidSettingException when both variables are set, the file cannot be read, or the
   *     value is not {@code user:password}; the message never holds the password
   */
  public static Optional<ZooKeeperCredential> parse(Map<String, String> env) {
    String file = blankToNull(env.get(FILE_VARIABLE));
    String value = blankToNull(env.get(VALUE_VARIABLE));
    if (file != null && value != null) {
      throw new InvalidSettingException(VALUE_VARIABLE, "Set " + VALUE_VARIABLE + " or "
          + FILE_VARIABLE + ", not both");
    }
    if (file != null) {
      try {
        return Optional.of(of(Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8).strip(),
            FILE_VARIABLE, "the file " + file.trim()));
      } catch (IOException e) {
        throw new InvalidSettingException(FILE_VARIABLE, "Invalid " + FILE_VARIABLE + "=" + file.trim()
            + ": cannot read it (" + e.getClass().getSimpleName() + ")");
      }
    }
    return value == null ? Optional.empty() : Optional.of(of(value.strip(), VALUE_VARIABLE, "its value"));
  }

  private static ZooKeeperCredential of(String text, String variable, String what) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new InvalidSettingException(variable, "Invalid " + variable + ": " + what
          + " must be user:password (a ZooKeeper digest identity)");
    }
    return new ZooKeeperCredential(text.substring(0, colon), text.substring(colon + 1));
  }

  /** What {@code addauth digest} takes: {@code user:password}. */
  public byte[] authBytes() {
    return (user + ":" + password).getBytes(StandardCharsets.UTF_8);
  }

  /** The id ZooKeeper's ACLs name: {@code user:base64(sha1(user:password))}. */
  public String digestId() {
    try {
      return DigestAuthenticationProvider.generateDigest(user + ":" + password);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("ZooKeeper's digest algorithm is missing", e);
    }
  }

  @Override
  public String toString() {
    return "ZooKeeperCredential[user=" + user + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
