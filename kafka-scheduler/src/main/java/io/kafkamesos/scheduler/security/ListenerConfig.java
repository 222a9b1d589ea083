package io.kafkamesos.scheduler.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A node's listener and security properties as a pure function of (listener target, node kind,
 * Kafka's mode, the node's host and ports, the cluster's name). The executor adds the key store
 * properties ({@code ssl.keystore.*}, {@code ssl.truststore.*}) of the files it wrote.
 *
 * <p>The layout, when TLS is on:
 * <ul>
 *   <li>{@code CLIENT}: clients, SSL ({@code NONE} or {@code MTLS}) or SASL_SSL with SCRAM-SHA-512;
 *   <li>{@code INTERNAL}: SSL with client certificates required; inter-broker traffic and the
 *       scheduler's admin client, each by its certificate from the cluster CA, which makes it a
 *       super user. No inter-broker password exists: SCRAM's would have to be in every node's
 *       properties and in Kafka before the first broker starts, and the scheduler needs an mTLS
 *       listener anyway when clients use SCRAM;
 *   <li>{@code PLAINTEXT}: beside them with {@code allow-plaintext}, or while TLS is switched on;
 *   <li>{@code CONTROLLER} (KRaft): the quorum, SSL with client certificates required (PLAINTEXT
 *       without TLS); brokers reach it by {@code controller.listener.names}.
 * </ul>
 *
 * <p>ZooKeeper mode and KRaft differ in the authorizer ({@code kafka.security.authorizer.AclAuthorizer},
 * ACLs in ZooKeeper; {@code org.apache.kafka.metadata.authorizer.StandardAuthorizer}, ACLs in the
 * metadata log, set on every node, controllers included), in {@code controller.listener.names}
 * (KRaft only), and in that a controller-only node has no advertised or inter-broker listener.
 * Kafka 4.x runs KRaft only; Kafka 3.9 runs both.
 */
public final class ListenerConfig {

  public static final String ZOOKEEPER_AUTHORIZER = "kafka.security.authorizer.AclAuthorizer";
  public static final String KRAFT_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
  static final String SCRAM_LOGIN =
      "org.apache.kafka.common.security.scram.ScramLoginModule required;";

  private ListenerConfig() {
  }

  /** The listeners (and so the ports) a node of this kind needs for {@code target}. */
  public static Set<Listener> listeners(ListenerTarget target, NodeKind kind, KafkaMode mode) {
    checkKind(kind, mode);
    Set<Listener> listeners = EnumSet.noneOf(Listener.class);
    if (kind.broker()) {
      if (target.secure()) {
        listeners.add(Listener.CLIENT);
        listeners.add(Listener.INTERNAL);
      }
      if (target.plaintext()) {
        listeners.add(Listener.PLAINTEXT);
      }
    }
    if (kind.controller()) {
      listeners.add(Listener.CONTROLLER);
    }
    return listeners;
  }

  /**
   * The properties, in the order they are written.
   *
   * @param host the node's host name, which it binds to and advertises (the agent's)
   * @param ports a port for each of {@link #listeners}
   * @throws IllegalArgumentException when a port is missing or the kind does not fit the mode
   */
  public static LinkedHashMap<String, String> properties(ListenerTarget target, NodeKind kind,
      KafkaMode mode, String host, Map<Listener, Integer> ports, String frameworkName) {
    Objects.requireNonNull(host);
    Objects.requireNonNull(frameworkName);
    Set<Listener> listeners = listeners(target, kind, mode);
    for (Listener listener : listeners) {
      if (!ports.containsKey(listener)) {
        throw new IllegalArgumentException("a " + kind.name().toLowerCase() + " node needs a port for"
            + " its " + listener + " listener");
      }
    }
    LinkedHashMap<String, String> p = new LinkedHashMap<>();
    p.put("listeners", join(listeners, host, ports));
    List<Listener> advertised = listeners.stream().filter(l -> l != Listener.CONTROLLER).toList();
    if (kind.broker()) {
      p.put("advertised.listeners", join(advertised, host, ports));
    }
    p.put("listener.security.protocol.map", protocolMap(target, listeners, mode));
    if (kind.broker()) {
      p.put("inter.broker.listener.name",
          (target.interBrokerSecure() ? Listener.INTERNAL : Listener.PLAINTEXT).name());
    }
    if (mode == KafkaMode.KRAFT) {
      p.put("controller.listener.names", Listener.CONTROLLER.name());
    }
    if (target.secure()) {
      // brokers, controllers and the scheduler check each other's host names (Kafka's default,
      // written out because the certificates are made for it)
      p.put("ssl.endpoint.identification.algorithm", "https");
      if (kind.broker()) {
        p.put("listener.name.client.ssl.client.auth",
            target.authentication() == Authentication.MTLS ? "required" : "none");
        p.put("listener.name.internal.ssl.client.auth", "required");
      }
      if (kind.controller()) {
        p.put("listener.name.controller.ssl.client.auth", "required");
      }
      if (kind.broker() && target.authentication() == Authentication.SCRAM_SHA_512) {
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        // the server side needs a login module for the listener; brokers never log in with SCRAM
        p.put("listener.name.client.scram-sha-512.sasl.jaas.config", SCRAM_LOGIN);
      }
    }
    if (target.authorizer()) {
      p.put("authorizer.class.name", mode == KafkaMode.KRAFT ? KRAFT_AUTHORIZER : ZOOKEEPER_AUTHORIZER);
      p.put("super.users", String.join(";", superUsers(target, frameworkName)));
      p.put("allow.everyone.if.no.acl.found", "false");
    }
    return p;
  }

  /** The nodes, the scheduler, then the operator's: Kafka's {@code super.users} entries. */
  public static List<String> superUsers(ListenerTarget target, String frameworkName) {
    List<String> users = new ArrayList<>();
    users.add(Principals.kafkaPrincipal(Principals.node(frameworkName)));
    users.add(Principals.kafkaPrincipal(Principals.scheduler(frameworkName)));
    target.superUsers().stream().filter(u -> !users.contains(u)).forEach(users::add);
    return users;
  }

  /** The security protocol of each listener. */
  public static String protocol(Listener listener, ListenerTarget target) {
    return switch (listener) {
      case PLAINTEXT -> "PLAINTEXT";
      case CLIENT -> target.authentication() == Authentication.SCRAM_SHA_512 ? "SASL_SSL" : "SSL";
      case INTERNAL -> "SSL";
      case CONTROLLER -> target.secure() ? "SSL" : "PLAINTEXT";
    };
  }

  private static String protocolMap(ListenerTarget target, Set<Listener> listeners, KafkaMode mode) {
    Set<Listener> mapped = EnumSet.copyOf(listeners);
    if (mode == KafkaMode.KRAFT) {
      mapped.add(Listener.CONTROLLER); // brokers need its protocol to reach the controllers
    }
    return mapped.stream().map(l -> l.name() + ":" + protocol(l, target)).collect(Collectors.joining(","));
  }

  private static String join(java.util.Collection<Listener> listeners, String host,
      Map<Listener, Integer> ports) {
    return listeners.stream().map(l -> l.name() + "://" + host + ":" + ports.get(l))
        .collect(Collectors.joining(","));
  }

  private static void checkKind(NodeKind kind, KafkaMode mode) {
    if (mode == KafkaMode.ZOOKEEPER && kind != NodeKind.BROKER) {
      throw new IllegalArgumentException("a ZooKeeper-mode cluster has brokers only, not "
          + kind.name().toLowerCase() + " nodes");
    }
  }
}
