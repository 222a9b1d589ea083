package io.kafkamesos.scheduler.access;

import io.kafkamesos.commons.security.Pem;
import io.kafkamesos.scheduler.security.Authentication;
import io.kafkamesos.scheduler.security.ClusterCa;
import io.kafkamesos.scheduler.security.ClusterCaService;
import io.kafkamesos.scheduler.security.Principals;
import io.kafkamesos.scheduler.security.SecretStoreException;
import io.kafkamesos.scheduler.security.SecurityTarget;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client certificates for the users of an {@code AUTHENTICATION=MTLS} cluster, signed by the
 * cluster CA from a certificate request (PKCS#10) the user made with a key of their own: the key
 * never reaches the scheduler. The certificate's subject is {@code CN=<user>}, whatever the request
 * asked, so Kafka's default principal mapping makes the user {@code User:CN=<user>}; node and
 * scheduler subjects carry {@code O=kafka-mesos} ({@link Principals}), which a user name cannot
 * spell, so no user certificate is a node's or the scheduler's. Certificates are for TLS clients
 * only and live {@code TLS_VALIDITY_DAYS} (never beyond the CA). Kafka cannot revoke a
 * certificate: removing the user's ACLs is what takes their access away.
 */
public final class UserCertificates {

  private static final Logger LOG = LoggerFactory.getLogger(UserCertificates.class);

  /** A signed certificate, as {@code POST /v1/users/{name}/certificate} answers it. */
  public record Issued(String user, String principal, String certificate, String ca,
      Instant notAfter) {
  }

  private final SecurityTarget security;
  private final Supplier<ClusterCaService.State> ca;
  private final Supplier<String> caPem;
  private final Clock clock;
  private final SecureRandom random;

  /**
   * @param security the cluster's security options in force (TLS on, which authentication)
   * @param ca where the cluster CA stands
   * @param caPem the CA certificate as clients trust it ({@link ClusterCaService#certificatePem})
   */
  public UserCertificates(SecurityTarget security, Supplier<ClusterCaService.State> ca,
      Supplier<String> caPem, Clock clock, SecureRandom random) {
    this.security = Objects.requireNonNull(security);
    this.ca = Objects.requireNonNull(ca);
    this.caPem = Objects.requireNonNull(caPem);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
  }

  /** The subject a user's certificate gets: {@code CN=<user>}. */
  public static X500Principal subject(String user) {
    return new X500Principal("CN=" + UserRequests.name(user));
  }

  /** The Kafka principal of a user's certificate, for ACLs: {@code User:CN=<user>}. */
  public static String principal(String user) {
    return Principals.kafkaPrincipal(subject(user));
  }

  /**
   * Signs {@code requestPem} for {@code user}.
   *
   * @throws AccessException 400 for a bad name or request, 409 when the cluster does not
   *     authenticate clients by certificate, 503 while the CA cannot sign
   */
  public Issued issue(String user, String requestPem) {
    UserRequests.name(user);
    Authentication authentication = Authentication.parse(security.authentication())
        .orElse(Authentication.NONE);
    if (!security.tls()) {
      throw new AccessException(AccessException.Kind.CONFLICT, "this cluster runs without TLS"
          + " (TLS_ENABLED is not TRUE): it has no CA to sign client certificates with");
    }
    if (authentication != Authentication.MTLS) {
      throw new AccessException(AccessException.Kind.CONFLICT, "this cluster's AUTHENTICATION is "
          + authentication.option() + ", not MTLS: its brokers do not authenticate clients by"
          + " certificate" + (authentication == Authentication.SCRAM_SHA_512
              ? "; create a SCRAM user with POST /v1/users/" + user + " instead" : ""));
    }
    PublicKey key = requestedKey(requestPem);
    ClusterCaService.State state = ca.get();
    if (!(state instanceof ClusterCaService.State.Ready ready)) {
      throw new AccessException(AccessException.Kind.UNAVAILABLE, "the cluster CA cannot sign yet: "
          + (state instanceof ClusterCaService.State.Pending pending ? pending.reason() : state));
    }
    ClusterCa signer = ready.ca();
    X509Certificate certificate;
    try {
      certificate = signer.issueClient(key, subject(user), clock.instant(),
          Duration.ofDays(security.validityDays()), random);
    } catch (IllegalStateException e) {
      throw new AccessException(AccessException.Kind.UNAVAILABLE, e.getMessage(), e);
    }
    String trust;
    try {
      trust = caPem.get();
    } catch (SecretStoreException | IllegalStateException e) {
      throw new AccessException(AccessException.Kind.UNAVAILABLE,
          "the cluster CA certificate cannot be read: " + e.getMessage(), e);
    }
    LOG.info("Signed a client certificate for user {} ({}), serial {}, valid until {}", user,
        principal(user), certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant());
    return new Issued(user, principal(user), Pem.certificates(List.of(certificate)), trust,
        certificate.getNotAfter().toInstant());
  }

  /** The key of a well-formed, self-signed request for a key the CA signs. */
  private static PublicKey requestedKey(String requestPem) {
    // openssl writes "CERTIFICATE REQUEST", keytool -certreq "NEW CERTIFICATE REQUEST"
    if (requestPem == null || !requestPem.contains("CERTIFICATE REQUEST-----")) {
      throw AccessException.badRequest("the body must be a PEM certificate request (-----BEGIN"
          + " CERTIFICATE REQUEST-----), e.g. from: openssl req -new -newkey ec -pkeyopt"
          + " ec_paramgen_curve:P-256 -nodes -keyout alice.key -subj /CN=alice");
    }
    PKCS10CertificationRequest request;
    PublicKey key;
    boolean signed;
    try {
      request = Pem.parseRequest(requestPem);
      key = new JcaPKCS10CertificationRequest(request).getPublicKey();
      signed = request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
    } catch (Exception e) {
      throw AccessException.badRequest("the certificate request cannot be read: " + e.getMessage());
    }
    if (!signed) {
      throw AccessException.badRequest("the certificate request's signature does not match its"
          + " key: make it again with the key it names");
    }
    try {
      ClusterCa.checkKey(key);
    } catch (IllegalArgumentException e) {
      throw AccessException.badRequest("the certificate request's key is refused: " + e.getMessage());
    }
    return key;
  }
}
