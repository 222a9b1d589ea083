package io.kafkamesos.scheduler.security;

import java.time.Duration;

/**
 * How long certificates live and when they are renewed, as values.
 *
 * @param validity a node certificate's life ({@code TLS_VALIDITY_DAYS})
 * @param renewBefore a node certificate is renewed (by a roll) this long before it ends
 *     ({@code TLS_RENEWAL_DAYS}); shorter than {@code validity}
 * @param caValidity a generated CA's life ({@code TLS_CA_VALIDITY_DAYS}); longer than
 *     {@code validity + renewBefore}, so that a new CA can issue full-length certificates
 */
public record TlsPolicy(Duration validity, Duration renewBefore, Duration caValidity) {

  public static final TlsPolicy DEFAULT =
      new TlsPolicy(Duration.ofDays(365), Duration.ofDays(30), Duration.ofDays(5 * 365));

  public TlsPolicy {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("certificate validity must be positive");
    }
    if (renewBefore.isNegative() || renewBefore.isZero() || renewBefore.compareTo(validity) >= 0) {
      throw new IllegalArgumentException("renewal must start after issue and before the end of a"
          + " certificate's validity (" + renewBefore.toDays() + " days of " + validity.toDays() + ")");
    }
    if (caValidity.compareTo(caRenewBefore(validity, renewBefore)) <= 0) {
      throw new IllegalArgumentException("the CA must live longer than a certificate plus its"
          + " renewal window (" + caValidity.toDays() + " days, not more than "
          + caRenewBefore(validity, renewBefore).toDays() + ")");
    }
  }

  /**
   * A CA is renewed this long before it ends: a certificate's validity plus its renewal window,
   * so that every certificate the CA still issues gets its full life and a renewed CA is trusted
   * everywhere before the old one ends.
   */
  public Duration caRenewBefore() {
    return caRenewBefore(validity, renewBefore);
  }

  private static Duration caRenewBefore(Duration validity, Duration renewBefore) {
    return validity.plus(renewBefore);
  }
}
