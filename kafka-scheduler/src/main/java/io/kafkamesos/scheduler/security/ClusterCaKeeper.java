package io.kafkamesos.scheduler.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the cluster's CA at start-up: the operator's (PEM files), or the one a scheduler of this
 * cluster stored before, or a new one it stores for every later scheduler (a standby, the next one
 * Marathon starts) to find. Two schedulers starting at once store one CA: the second one's
 * create fails and it takes the first one's.
 */
public final class ClusterCaKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterCaKeeper.class);

  private final Clock clock;
  private final SecureRandom random;

  public ClusterCaKeeper(Clock clock, SecureRandom random) {
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
  }

  /**
   * The CA of the cluster.
   *
   * @param operatorCa the operator's CA (certificate and key PEM, read from
   *     {@code TLS_CA_CERT_FILE} and {@code TLS_CA_KEY_FILE}), or empty to keep a generated one
   * @param store where a generated CA is kept; unused with an operator's CA (its key stays in the
   *     operator's files and is never copied to ZooKeeper)
   * @throws SecretStoreException when the stored CA cannot be used
   * @throws IllegalArgumentException when the operator's CA cannot be used
   */
  public ClusterCa ca(String frameworkName, Optional<SecretStore.StoredCa> operatorCa,
      SecretStore store, TlsPolicy policy) {
    Instant now = clock.instant();
    if (operatorCa.isPresent()) {
      ClusterCa ca = ClusterCa.fromPem(operatorCa.get().certificatePem(), operatorCa.get().keyPem(),
          ClusterCa.Origin.OPERATOR, now);
      LOG.info("Cluster CA: the operator's, {}", ca);
      return ca;
    }
    Optional<SecretStore.StoredCa> stored = store.ca();
    if (stored.isEmpty()) {
      ClusterCa generated = ClusterCa.generate(frameworkName, now, policy.caValidity(), random);
      if (store.createCa(new SecretStore.StoredCa(generated.certificatePem(), generated.keyPem()))) {
        LOG.info("Cluster CA: generated and stored, {}", generated);
        return generated;
      }
      LOG.info("Cluster CA: another scheduler of {} stored one first; using it", frameworkName);
      stored = store.ca();
    }
    SecretStore.StoredCa found = stored.orElseThrow(() -> new SecretStoreException(
        "the cluster CA was stored and is gone again; is another scheduler deleting it?"));
    ClusterCa ca = fromStore(found, now);
    LOG.info("Cluster CA: the stored one, {}", ca);
    return ca;
  }

  private static ClusterCa fromStore(SecretStore.StoredCa stored, Instant now) {
    try {
      return ClusterCa.fromPem(stored.certificatePem(), stored.keyPem(), ClusterCa.Origin.GENERATED, now);
    } catch (IllegalArgumentException e) {
      throw new SecretStoreException("the stored cluster CA cannot be used: " + e.getMessage(), e);
    }
  }
}
