package io.kafkamesos.executor.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how the executor's own Kafka client (the {@link KraftBrokerProbe}'s admin client)
 * reaches its broker, as a pure function of the node's properties: on a node with TLS its
 * {@code INTERNAL} listener over SSL with the node's own key stores (the node's certificate is a
 * super user, and the client listener may ask for a SCRAM login the executor has not got); without
 * TLS the broker's PLAINTEXT listener.
 *
 * @param bootstrap {@code host:port} to bootstrap from
 * @param security the client's security properties (none in PLAINTEXT)
 */
public record ProbeClient(String bootstrap, Map<String, String> security) {

  /** The listener of the nodes and the scheduler on a cluster with TLS. */
  static final String INTERNAL = "INTERNAL";
  /** The node's key store properties the client takes over, as the executor wrote them. */
  static final List<String> STORE_PROPERTIES = List.of("ssl.keystore.type", "ssl.keystore.location",
      "ssl.keystore.password", "ssl.key.password", "ssl.truststore.type", "ssl.truststore.location",
      "ssl.truststore.password", "ssl.endpoint.identification.algorithm");

  public ProbeClient {
    Objects.requireNonNull(bootstrap);
    security = Map.copyOf(security);
  }

  /**
   * The client of a node with these properties (its overrides: a TLS node's listener and key
   * store properties are among them).
   *
   * @param host the node's host, and {@code port} its first port: the PLAINTEXT client's address
   */
  public static ProbeClient of(Map<String, String> properties, String host, int port) {
    String listeners = properties.getOrDefault("listeners", "");
    for (String listener : listeners.split(",")) {
      String l = listener.trim();
      int sep = l.indexOf("://");
      if (sep > 0 && l.substring(0, sep).equals(INTERNAL)) {
        Map<String, String> security = new LinkedHashMap<>();
        security.put("security.protocol", protocol(properties, INTERNAL));
        STORE_PROPERTIES.stream().filter(properties::containsKey)
            .forEach(k -> security.put(k, properties.get(k)));
        return new ProbeClient(l.substring(sep + 3), security);
      }
    }
    return new ProbeClient(host + ":" + port, Map.of());
  }

  private static String protocol(Map<String, String> properties, String listener) {
    for (String entry : properties.getOrDefault("listener.security.protocol.map", "").split(",")) {
      String[] kv = entry.trim().split(":", 2);
      if (kv.length == 2 && kv[0].equals(listener)) {
        return kv[1];
      }
    }
    return "SSL"; // INTERNAL is always SSL (the scheduler's ListenerConfig)
  }

  /** Prints without the key stores' passwords. */
  @Override
  public String toString() {
    return "ProbeClient[" + bootstrap + ", " + security.getOrDefault("security.protocol", "PLAINTEXT")
        + "]";
  }
}
