package io.kafkamesos.scheduler.security;

import io.kafkamesos.scheduler.settings.InvalidSettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link SecuritySettings} from the scheduler's environment. The first value that cannot be
 * used gives an {@link InvalidSettingException} naming its variable and what it allows; options
 * that only make sense together are refused alone, with the reason.
 *
 * <p>Variables, with defaults: {@code TLS_ENABLED} (FALSE), {@code AUTHENTICATION} (NONE;
 * SCRAM-SHA-512, MTLS), {@code AUTHORIZATION_ENABLED} (FALSE), {@code SUPER_USERS} (none;
 * {@code User:alice;User:CN=bob,O=example}, {@code ;}-separated as Kafka's {@code super.users}),
 * {@code ALLOW_PLAINTEXT} (FALSE), {@code TLS_VALIDITY_DAYS} (365), {@code TLS_RENEWAL_DAYS} (30),
 * {@code TLS_CA_VALIDITY_DAYS} (1825), {@code TLS_CA_CERT_FILE} and {@code TLS_CA_KEY_FILE} (the
 * operator's CA; both or neither), {@code ZK_SECRET_FILE} or {@code ZK_SECRET}
 * ({@link ZooKeeperCredential}).
 */
public final class SecuritySettingsParser {

  /** The first Kafka version the security options are offered for. */
  public static final String FIRST_SECURE_VERSION = "3.9.1";

  private SecuritySettingsParser() {
  }

  /**
   * @param now to check the operator's CA against (a CA that is not valid now is refused at start)
   * @throws InvalidSettingException for the first variable that cannot be used
   */
  public static SecuritySettings parse(Map<String, String> env, Instant now) {
    boolean tls = bool(env, "TLS_ENABLED");
    Authentication authentication = authentication(env);
    boolean authorization = bool(env, "AUTHORIZATION_ENABLED");
    List<String> superUsers = superUsers(env);
    boolean allowPlaintext = bool(env, "ALLOW_PLAINTEXT");
    if (authentication != Authentication.NONE && !tls) {
      throw new InvalidSettingException("AUTHENTICATION", "AUTHENTICATION=" + authentication.option()
          + " needs TLS_ENABLED=TRUE: passwords and client certificates are only taken over TLS,"
          + " and the scheduler reaches a secured cluster with its own certificate");
    }
    if (authorization && !tls) {
      throw new InvalidSettingException("AUTHORIZATION_ENABLED", "AUTHORIZATION_ENABLED=TRUE needs"
          + " TLS_ENABLED=TRUE: the brokers and the scheduler are super users by their certificates;"
          + " without TLS every client, the scheduler included, would be User:ANONYMOUS");
    }
    if (!superUsers.isEmpty() && !authorization) {
      throw new InvalidSettingException("SUPER_USERS", "SUPER_USERS has no effect without"
          + " AUTHORIZATION_ENABLED=TRUE; set both or neither");
    }
    TlsPolicy policy = policy(env);
    Path caCertificate = path(env, "TLS_CA_CERT_FILE");
    Path caKey = path(env, "TLS_CA_KEY_FILE");
    if ((caCertificate == null) != (caKey == null)) {
      String missing = caCertificate == null ? "TLS_CA_CERT_FILE" : "TLS_CA_KEY_FILE";
      throw new InvalidSettingException(missing, "Missing " + missing + ": the operator's CA needs"
          + " both TLS_CA_CERT_FILE (its certificate, PEM) and TLS_CA_KEY_FILE (its key, PEM)");
    }
    if (caCertificate != null && !tls) {
      throw new InvalidSettingException("TLS_CA_CERT_FILE", "TLS_CA_CERT_FILE is only used with"
          + " TLS_ENABLED=TRUE");
    }
    if (caCertificate != null) {
      operatorCa(caCertificate, caKey, now);
    }
    Optional<ZooKeeperCredential> credential = ZooKeeperCredential.parse(env);
    if (tls && caCertificate == null && credential.isEmpty()) {
      throw new InvalidSettingException("TLS_ENABLED", "TLS_ENABLED=TRUE needs ZK_SECRET_FILE (or"
          + " ZK_SECRET) with the scheduler's ZooKeeper identity, user:password: the scheduler keeps"
          + " the cluster CA's key in ZooKeeper readable by that identity only, and will not store it"
          + " where every ZooKeeper client could read it. Or give your own CA with TLS_CA_CERT_FILE"
          + " and TLS_CA_KEY_FILE");
    }
    return new SecuritySettings(tls, authentication, authorization, superUsers, allowPlaintext,
        policy, caCertificate, caKey, credential.orElse(null));
  }

  /**
   * Refuses security options for a Kafka version that is not offered them.
   *
   * @param kafkaVersion the cluster's Kafka version ({@code 2.4.1}, {@code 3.9.1}, {@code 4.1.0})
   * @throws InvalidSettingException naming the first security variable that is set
   */
  public static void checkKafkaVersion(SecuritySettings settings, String kafkaVersion) {
    if (!settings.any() || atLeast(kafkaVersion, FIRST_SECURE_VERSION)) {
      return;
    }
    String variable = settings.tls() ? "TLS_ENABLED" : settings.authorization()
        ? "AUTHORIZATION_ENABLED" : "AUTHENTICATION";
    throw new InvalidSettingException(variable, variable + " needs Kafka " + FIRST_SECURE_VERSION
        + " or newer; this cluster runs Kafka " + kafkaVersion + " (upgrade it first, then turn"
        + " security on)");
  }

  /**
   * Refuses {@code API_TLS} without TLS: the API's certificate is issued by the cluster CA.
   *
   * @throws InvalidSettingException naming {@code API_TLS}
   */
  public static void checkApiTls(SecuritySettings settings, boolean apiTls) {
    if (apiTls && !settings.tls()) {
      throw new InvalidSettingException("API_TLS", "API_TLS=TRUE needs TLS_ENABLED=TRUE: the API's"
          + " certificate is issued by the cluster CA, which a cluster has only with TLS");
    }
  }

  /** Whether dotted version {@code version} is at least {@code minimum}; text after digits is ignored. */
  public static boolean atLeast(String version, String minimum) {
    int[] a = numbers(version);
    int[] b = numbers(minimum);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int x = i < a.length ? a[i] : 0;
      int y = i < b.length ? b[i] : 0;
      if (x != y) {
        return x > y;
      }
    }
    return true;
  }

  private static int[] numbers(String version) {
    String[] parts = version.trim().split("[.-]");
    List<Integer> out = new ArrayList<>();
    for (String part : parts) {
      if (!part.matches("\\d+")) {
        break;
      }
      out.add(Integer.parseInt(part));
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void operatorCa(Path certificate, Path key, Instant now) {
    String certificatePem = read(certificate, "TLS_CA_CERT_FILE");
    String keyPem = read(key, "TLS_CA_KEY_FILE");
    try {
      ClusterCa.fromPem(certificatePem, keyPem, ClusterCa.Origin.OPERATOR, now);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("TLS_CA_CERT_FILE", "Invalid TLS_CA_CERT_FILE=" + certificate
          + " with TLS_CA_KEY_FILE=" + key + ": " + e.getMessage());
    }
  }

  /** Reads one of the operator's CA files; the text is never echoed. */
  public static String read(Path file, String variable) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InvalidSettingException(variable, "Invalid " + variable + "=" + file
          + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static TlsPolicy policy(Map<String, String> env) {
    int validity = days(env, "TLS_VALIDITY_DAYS", 365, 3650);
    int renewal = days(env, "TLS_RENEWAL_DAYS", 30, 3650);
    int caValidity = days(env, "TLS_CA_VALIDITY_DAYS", 1825, 36500);
    if (renewal >= validity) {
      throw new InvalidSettingException("TLS_RENEWAL_DAYS", "Invalid TLS_RENEWAL_DAYS=" + renewal
          + ": must be less than TLS_VALIDITY_DAYS (" + validity + "), or every certificate would be"
          + " due for renewal when it is issued");
    }
    if (caValidity <= validity + renewal) {
      throw new InvalidSettingException("TLS_CA_VALIDITY_DAYS", "Invalid TLS_CA_VALIDITY_DAYS="
          + caValidity + ": must be more than TLS_VALIDITY_DAYS + TLS_RENEWAL_DAYS ("
          + (validity + renewal) + "), so that the CA can issue full-length certificates before it"
          + " is renewed");
    }
    return new TlsPolicy(Duration.ofDays(validity), Duration.ofDays(renewal), Duration.ofDays(caValidity));
  }

  private static Authentication authentication(Map<String, String> env) {
    String value = raw(env, "AUTHENTICATION");
    if (value == null) {
      return Authentication.NONE;
    }
    return Authentication.parse(value).orElseThrow(() -> new InvalidSettingException("AUTHENTICATION",
        "Invalid AUTHENTICATION='" + value + "': must be NONE, SCRAM-SHA-512 or MTLS"));
  }

  private static List<String> superUsers(Map<String, String> env) {
    String value = raw(env, "SUPER_USERS");
    List<String> users = new ArrayList<>();
    if (value == null) {
      return users;
    }
    for (String entry : value.split(";")) {
      String user = entry.trim();
      if (user.isEmpty()) {
        continue;
      }
      if (!user.contains(":")) {
        user = "User:" + user;
      }
      if (!user.startsWith("User:") || user.length() == "User:".length()
          || user.chars().anyMatch(c -> c < 0x20)) {
        throw new InvalidSettingException("SUPER_USERS", "Invalid SUPER_USERS entry '" + entry.trim()
            + "': must be a Kafka user principal, User:<name> (e.g. User:alice or"
            + " User:CN=alice,O=example), entries separated by ';'");
      }
      users.add(user);
    }
    return users;
  }

  private static int days(Map<String, String> env, String variable, int fallback, int max) {
    String value = raw(env, variable);
    if (value == null) {
      return fallback;
    }
    try {
      int days = Integer.parseInt(value);
      if (days >= 1 && days <= max) {
        return days;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new InvalidSettingException(variable, "Invalid " + variable + "='" + value
        + "': must be a number of days from 1 to " + max);
  }

  private static boolean bool(Map<String, String> env, String variable) {
    String value = raw(env, variable);
    if (value == null) {
      return false;
    }
    return switch (value.toUpperCase(Locale.ROOT)) {
      case "TRUE" -> true;
      case "FALSE" -> false;
      default -> throw new InvalidSettingException(variable, "Invalid " + variable + "='" + value
          + "': must be TRUE or FALSE");
    };
  }

  private static Path path(Map<String, String> env, String variable) {
    String value = raw(env, variable);
    return value == null ? null : Path.of(value);
  }

  private static String raw(Map<String, String> env, String variable) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
