package io.kafkamesos.scheduler.security;

import java.util.Map;

/**
 * The security properties of the scheduler's own Kafka clients (admin clients, the producer
 * test): none on a cluster without TLS; on a secure one, SSL with the scheduler's client
 * certificate from the cluster CA, which makes it a super user on the nodes' {@code INTERNAL}
 * listener ({@link SchedulerClientCertificate}).
 */
@FunctionalInterface
public interface ClientSecurity {

  /**
   * The properties to add to a client's configuration, as of now.
   *
   * @throws IllegalStateException when the cluster is secure but the scheduler has no certificate
   *     yet (the cluster CA is not ready), with the reason
   */
  Map<String, Object> properties();

  /** A cluster without TLS: clients connect in PLAINTEXT. */
  ClientSecurity PLAINTEXT = Map::of;
}
