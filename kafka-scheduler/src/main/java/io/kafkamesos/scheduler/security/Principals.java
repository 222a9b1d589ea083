package io.kafkamesos.scheduler.security;

import javax.security.auth.x500.X500Principal;

/**
 * The names the cluster CA puts in the certificates it issues, and the Kafka principals they
 * become. Kafka's default {@code ssl.principal.mapping.rules} turn a client certificate into
 * {@code User:<subject in RFC 2253 form>}, so these subjects are the super users of a secure
 * cluster. Every node of a cluster (broker, controller or both) shares one subject, as Strimzi's
 * brokers do: the super-user list does not change when nodes come and go, and the node's own
 * host is in the certificate's subject alternative names, which is what hostname verification
 * reads.
 */
public final class Principals {

  /** The organisation of every subject we issue: no operator's CA is asked to sign these. */
  public static final String ORGANIZATION = "kafka-mesos";

  private Principals() {
  }

  /** The subject of every node's certificate: {@code CN=<framework>-node,O=kafka-mesos}. */
  public static X500Principal node(String frameworkName) {
    return subject(frameworkName + "-node");
  }

  /** The subject of the scheduler's own client certificate (the admin client's identity). */
  public static X500Principal scheduler(String frameworkName) {
    return subject(frameworkName + "-scheduler");
  }

  /** The subject of the certificate the scheduler's API serves with {@code API_TLS}. */
  public static X500Principal api(String frameworkName) {
    return subject(frameworkName + "-api");
  }

  /** The subject of a generated cluster CA. */
  public static X500Principal ca(String frameworkName) {
    return subject(frameworkName + " cluster CA");
  }

  /** The principal Kafka derives from a certificate with this subject: {@code User:CN=...,O=...}. */
  public static String kafkaPrincipal(X500Principal subject) {
    return "User:" + subject.getName(X500Principal.RFC2253);
  }

  private static X500Principal subject(String commonName) {
    // built by the JDK so that its RFC 2253 form, which Kafka reads, is exactly "CN=..,O=.."
    return new X500Principal("CN=" + commonName + ",O=" + ORGANIZATION);
  }
}
