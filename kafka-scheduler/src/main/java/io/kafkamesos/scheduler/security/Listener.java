package io.kafkamesos.scheduler.security;

/**
 * The listeners a node may have, by Kafka listener name. Each needs a port of its own.
 */
public enum Listener {
  /** Clients without TLS; the whole cluster's only listener without security. */
  PLAINTEXT,
  /** Clients over TLS: SSL, or SASL_SSL with SCRAM. */
  CLIENT,
  /** Brokers among themselves and the scheduler: SSL with client certificates required. */
  INTERNAL,
  /** KRaft: the controllers' quorum, which brokers reach too. */
  CONTROLLER
}
