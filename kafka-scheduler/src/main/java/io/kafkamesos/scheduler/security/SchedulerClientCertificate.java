package io.kafkamesos.scheduler.security;

import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.commons.security.Pem;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's own client certificate ({@link Principals#scheduler}, a super user of the
 * cluster), issued by the scheduler itself from the cluster CA once it is ready, with a key made
 * in this process; neither is written anywhere. Kafka's clients take them inline
 * ({@code ssl.keystore.type=PEM}, KIP-651), so no key store file exists. Issued again when half
 * of its life has passed.
 */
public final class SchedulerClientCertificate implements ClientSecurity {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerClientCertificate.class);

  private record Issued(Map<String, Object> properties, Instant renewAt) {
  }

  private final String frameworkName;
  private final Supplier<Optional<ClusterCa>> ca;
  private final Supplier<String> caUnavailable;
  private final Duration validity;
  private final Clock clock;
  private final SecureRandom random;
  private Issued issued;

  /**
   * @param ca the cluster CA once ready
   * @param caUnavailable why there is no CA yet, for the error
   * @param validity how long the certificate lives
   */
  public SchedulerClientCertificate(String frameworkName, Supplier<Optional<ClusterCa>> ca,
      Supplier<String> caUnavailable, Duration validity, Clock clock, SecureRandom random) {
    this.frameworkName = Objects.requireNonNull(frameworkName);
    this.ca = Objects.requireNonNull(ca);
    this.caUnavailable = Objects.requireNonNull(caUnavailable);
    this.validity = Objects.requireNonNull(validity);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
  }

  @Override
  public synchronized Map<String, Object> properties() {
    Instant now = clock.instant();
    if (issued == null || !now.isBefore(issued.renewAt())) {
      ClusterCa signer = ca.get().orElseThrow(() -> new IllegalStateException(
          "the scheduler has no client certificate for the secure cluster yet: "
              + caUnavailable.get()));
      issued = issue(signer, now);
    }
    return issued.properties();
  }

  private Issued issue(ClusterCa signer, Instant now) {
    KeyPair keys = NodeKeys.generate(random);
    X509Certificate certificate = signer.issue(keys.getPublic(), Principals.scheduler(frameworkName),
        SubjectNames.none(), now, validity, random);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("security.protocol", "SSL");
    p.put("ssl.keystore.type", "PEM");
    p.put("ssl.keystore.certificate.chain", Pem.certificates(List.of(certificate, signer.certificate())));
    p.put("ssl.keystore.key", Pem.privateKey(keys.getPrivate()));
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.certificates", signer.certificatePem());
    Instant end = certificate.getNotAfter().toInstant();
    LOG.info("The scheduler's client certificate {} issued, valid until {}",
        certificate.getSubjectX500Principal(), end);
    return new Issued(Map.copyOf(p), now.plus(Duration.between(now, end).dividedBy(2)));
  }
}
