package io.kafkamesos.scheduler.security;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * When certificates must be renewed, as pure functions of (certificate, CA, now, policy). What
 * follows a renewal (a roll of the node with a new key and certificate, a new CA trusted first)
 * is plan work.
 */
public final class CertificateRenewal {

  private CertificateRenewal() {
  }

  /**
   * Why a node's certificate must be replaced, or empty while it is good: it ends within
   * {@link TlsPolicy#renewBefore()} (or has ended), it is not valid yet, or it was not issued by
   * {@code ca} (the cluster's CA was replaced).
   */
  public static Optional<String> nodeRenewal(X509Certificate certificate, ClusterCa ca, Instant now,
      TlsPolicy policy) {
    Instant end = certificate.getNotAfter().toInstant();
    if (!now.isBefore(end)) {
      return Optional.of("the certificate expired at " + end);
    }
    if (now.isBefore(certificate.getNotBefore().toInstant())) {
      return Optional.of("the certificate is valid only from " + certificate.getNotBefore().toInstant());
    }
    if (!issuedBy(certificate, ca.certificate())) {
      return Optional.of("the certificate was issued by " + certificate.getIssuerX500Principal().getName()
          + ", not by the cluster's CA " + ca.certificate().getSubjectX500Principal().getName());
    }
    if (!now.isBefore(end.minus(policy.renewBefore()))) {
      return Optional.of("the certificate expires at " + end + ", within "
          + policy.renewBefore().toDays() + " days (TLS_RENEWAL_DAYS)");
    }
    return Optional.empty();
  }

  /** What the CA needs at {@code now}. */
  public enum CaState {
    /** Valid beyond its renewal window. */
    VALID,
    /** A generated CA in its renewal window: the scheduler makes a new one. */
    RENEW,
    /** The operator's CA in its renewal window: the operator must give a new one. */
    REPLACE,
    /** Past its end: nothing it issued is valid any more. */
    EXPIRED
  }

  /** The CA's verdict and the reason in words. */
  public record CaVerdict(CaState state, String reason) {
  }

  /**
   * The CA's own rule: it is renewed {@link TlsPolicy#caRenewBefore()} before its end (a
   * certificate's life plus its renewal window), by the scheduler when it generated the CA, by the
   * operator otherwise.
   */
  public static CaVerdict caRenewal(ClusterCa ca, Instant now, TlsPolicy policy) {
    Instant end = ca.notAfter();
    if (!now.isBefore(end)) {
      return new CaVerdict(CaState.EXPIRED, "the cluster CA expired at " + end);
    }
    Instant renewal = end.minus(policy.caRenewBefore());
    if (now.isBefore(renewal)) {
      return new CaVerdict(CaState.VALID, "the cluster CA is valid until " + end + ", renewal from "
          + renewal);
    }
    return ca.origin() == ClusterCa.Origin.GENERATED
        ? new CaVerdict(CaState.RENEW, "the cluster CA expires at " + end
            + ": a new CA is due (certificates it issues now would end with it)")
        : new CaVerdict(CaState.REPLACE, "the operator's CA (TLS_CA_CERT_FILE) expires at " + end
            + ": give a new CA; certificates issued now end with it");
  }

  /** Whether {@code certificate} names {@code ca} as its issuer and carries its signature. */
  public static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
    if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
