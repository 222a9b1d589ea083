package io.kafkamesos.scheduler.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The security options as a target configuration keeps them: what the cluster is meant to run
 * with, without anything secret and without the files and credentials the scheduler process
 * reads them with (those belong to the process, as the addresses of Mesos and ZooKeeper do).
 * Every cluster without TLS is {@link #NONE}, whatever else its environment says about
 * certificates: without TLS nothing of it applies.
 *
 * @param tls {@code TLS_ENABLED}
 * @param authentication {@code AUTHENTICATION} as the variable spells it ({@code NONE},
 *     {@code SCRAM-SHA-512}, {@code MTLS})
 * @param authorization {@code AUTHORIZATION_ENABLED}
 * @param superUsers {@code SUPER_USERS}, as Kafka principals
 * @param allowPlaintext {@code ALLOW_PLAINTEXT}
 * @param validityDays {@code TLS_VALIDITY_DAYS}
 * @param renewalDays {@code TLS_RENEWAL_DAYS}
 * @param caValidityDays {@code TLS_CA_VALIDITY_DAYS}
 * @param operatorCa whether the CA is the operator's ({@code TLS_CA_CERT_FILE}) rather than one
 *     the scheduler generated
 * @param switched whether TLS was switched on while the cluster ran ({@link SwitchOn}): its brokers
 *     keep {@link SwitchOn}'s port layout (PLAINTEXT first) in this target and every later one,
 *     not that of a cluster installed with TLS ({@link NodeTlsLayout}); not an option, the
 *     scheduler keeps it from target to target
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecurityTarget(
    boolean tls,
    String authentication,
    boolean authorization,
    List<String> superUsers,
    boolean allowPlaintext,
    int validityDays,
    int renewalDays,
    int caValidityDays,
    boolean operatorCa,
    boolean switched) {

  /** No security: every cluster before issue 15, and every cluster without TLS. */
  public static final SecurityTarget NONE = new SecurityTarget(false, Authentication.NONE.option(), false,
      List.of(), false, days(TlsPolicy.DEFAULT.validity()), days(TlsPolicy.DEFAULT.renewBefore()),
      days(TlsPolicy.DEFAULT.caValidity()), false);

  /** Options of a cluster whose TLS, if any, came with it (not switched on while it ran). */
  public SecurityTarget(boolean tls, String authentication, boolean authorization,
      List<String> superUsers, boolean allowPlaintext, int validityDays, int renewalDays,
      int caValidityDays, boolean operatorCa) {
    this(tls, authentication, authorization, superUsers, allowPlaintext, validityDays, renewalDays,
        caValidityDays, operatorCa, false);
  }

  public SecurityTarget {
    authentication = authentication == null ? Authentication.NONE.option() : authentication;
    superUsers = superUsers == null ? List.of() : List.copyOf(superUsers);
  }

  /** What {@code settings} ask the cluster to run with. */
  public static SecurityTarget of(SecuritySettings settings) {
    if (!settings.tls()) {
      return NONE;
    }
    TlsPolicy policy = settings.policy();
    return new SecurityTarget(true, settings.authentication().option(), settings.authorization(),
        settings.superUsers(), settings.allowPlaintext(), days(policy.validity()),
        days(policy.renewBefore()), days(policy.caValidity()), settings.operatorCa());
  }

  /** How long certificates live and when they are renewed, as these options say. */
  public TlsPolicy policy() {
    return new TlsPolicy(Duration.ofDays(validityDays), Duration.ofDays(renewalDays),
        Duration.ofDays(caValidityDays));
  }

  /** The same options, {@link #switched} or not. */
  public SecurityTarget withSwitched(boolean value) {
    return new SecurityTarget(tls, authentication, authorization, superUsers, allowPlaintext,
        validityDays, renewalDays, caValidityDays, operatorCa, value);
  }

  /** Whether the two differ in what the operator sets ({@link #switched} aside). */
  public static boolean sameOptions(SecurityTarget a, SecurityTarget b) {
    return a.withSwitched(false).equals(b.withSwitched(false));
  }

  /**
   * Why a running cluster cannot go from {@code current} to {@code wanted}, or empty when they are
   * the same. Any change is refused for now: turning TLS on (or off) and changing how a secure
   * cluster authenticates are rolls of the brokers' listeners, which are not built yet.
   */
  public static Optional<String> refusal(SecurityTarget current, SecurityTarget wanted) {
    Objects.requireNonNull(current);
    Objects.requireNonNull(wanted);
    if (sameOptions(current, wanted)) {
      return Optional.empty();
    }
    if (!current.tls() && wanted.tls()) {
      return Optional.of("turning security on for a running cluster is not supported yet"
          + " (TLS_ENABLED: FALSE -> TRUE); it keeps running without TLS. Remove the security"
          + " variables, or install a new cluster with them");
    }
    if (current.tls() && !wanted.tls()) {
      return Optional.of("turning security off for a running cluster is not supported yet"
          + " (TLS_ENABLED: TRUE -> FALSE); it keeps its security options");
    }
    return Optional.of("changing the security options of a running cluster is not supported yet ("
        + String.join(", ", changes(current, wanted)) + "); it keeps the options it was installed with");
  }

  /** One line per changed variable, {@code AUTHENTICATION: NONE -> SCRAM-SHA-512}. */
  public static List<String> changes(SecurityTarget current, SecurityTarget wanted) {
    List<String> changes = new ArrayList<>();
    changed(changes, "TLS_ENABLED", bool(current.tls()), bool(wanted.tls()));
    changed(changes, "AUTHENTICATION", current.authentication(), wanted.authentication());
    changed(changes, "AUTHORIZATION_ENABLED", bool(current.authorization()), bool(wanted.authorization()));
    changed(changes, "SUPER_USERS", String.join(";", current.superUsers()),
        String.join(";", wanted.superUsers()));
    changed(changes, "ALLOW_PLAINTEXT", bool(current.allowPlaintext()), bool(wanted.allowPlaintext()));
    changed(changes, "TLS_VALIDITY_DAYS", current.validityDays(), wanted.validityDays());
    changed(changes, "TLS_RENEWAL_DAYS", current.renewalDays(), wanted.renewalDays());
    changed(changes, "TLS_CA_VALIDITY_DAYS", current.caValidityDays(), wanted.caValidityDays());
    changed(changes, "TLS_CA_CERT_FILE", current.operatorCa() ? "(the operator's CA)" : "(unset)",
        wanted.operatorCa() ? "(the operator's CA)" : "(unset)");
    return changes;
  }

  private static void changed(List<String> changes, String variable, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      changes.add(variable + ": " + (before.toString().isEmpty() ? "(unset)" : before) + " -> "
          + (after.toString().isEmpty() ? "(unset)" : after));
    }
  }

  private static String bool(boolean value) {
    return value ? "TRUE" : "FALSE";
  }

  private static int days(java.time.Duration duration) {
    return (int) duration.toDays();
  }
}
