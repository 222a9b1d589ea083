package io.kafkamesos.scheduler.security;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster's security options, read by {@link SecuritySettingsParser}: {@code tls}
 * ({@code TLS_ENABLED}), {@code authentication} ({@code AUTHENTICATION}), {@code authorization}
 * ({@code AUTHORIZATION_ENABLED}), {@code super-users} ({@code SUPER_USERS}),
 * {@code allow-plaintext} ({@code ALLOW_PLAINTEXT}), the certificates' lives, the operator's CA
 * files and the scheduler's ZooKeeper credential.
 *
 * @param tls whether the nodes serve TLS (a secure client listener and an internal one)
 * @param authentication how clients authenticate; not {@link Authentication#NONE} only with TLS
 * @param authorization whether Kafka's ACL authorizer runs; only with TLS (the scheduler and the
 *     nodes must be known super users, which they are by their certificates)
 * @param superUsers the operator's extra super users as Kafka principals ({@code User:alice})
 * @param allowPlaintext whether a PLAINTEXT listener stays beside the secure one
 * @param policy certificate lives and renewal windows
 * @param caCertificateFile the operator's CA certificate (PEM), or null for a generated CA
 * @param caKeyFile the operator's CA key (PEM), or null
 * @param zooKeeperCredential the scheduler's ZooKeeper identity, or null when none is given
 */
public record SecuritySettings(
    boolean tls,
    Authentication authentication,
    boolean authorization,
    List<String> superUsers,
    boolean allowPlaintext,
    TlsPolicy policy,
    Path caCertificateFile,
    Path caKeyFile,
    ZooKeeperCredential zooKeeperCredential) {

  /** No security: what every cluster had before issue 15. */
  public static final SecuritySettings NONE = new SecuritySettings(false, Authentication.NONE, false,
      List.of(), false, TlsPolicy.DEFAULT, null, null, null);

  public SecuritySettings {
    Objects.requireNonNull(authentication);
    superUsers = List.copyOf(superUsers);
    Objects.requireNonNull(policy);
  }

  /** Whether any option asks for security on the brokers. */
  public boolean any() {
    return tls || authentication != Authentication.NONE || authorization;
  }

  /** Whether the operator gave the CA (files) instead of the scheduler generating one. */
  public boolean operatorCa() {
    return caCertificateFile != null;
  }

  public Optional<ZooKeeperCredential> credential() {
    return Optional.ofNullable(zooKeeperCredential);
  }

  /** The listeners these settings end at, for {@link ListenerConfig}. */
  public ListenerTarget listenerTarget() {
    return new ListenerTarget(!tls || allowPlaintext, tls, authentication, tls, authorization, superUsers);
  }

  /** Without the credential's password. */
  @Override
  public String toString() {
    return "SecuritySettings[tls=" + tls + ", authentication=" + authentication.option()
        + ", authorization=" + authorization + ", superUsers=" + superUsers + ", allowPlaintext="
        + allowPlaintext + ", " + policy + ", ca=" + (caCertificateFile == null ? "generated" : caCertificateFile)
        + ", zk=" + (zooKeeperCredential == null ? "none" : zooKeeperCredential) + "]";
  }
}
