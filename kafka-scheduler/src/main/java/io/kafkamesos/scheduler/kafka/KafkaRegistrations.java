package io.kafkamesos.scheduler.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** How to read a broker's registration in ZooKeeper ({@code /brokers/ids/<id>}). Pure. */
public final class KafkaRegistrations {

  private KafkaRegistrations() {
  }

  /**
   * Where the scheduler's clients reach a registered broker, as {@code host:port}: its
   * {@code INTERNAL} listener on a secure cluster (issue 15: mTLS with the scheduler's
   * certificate), else the first listener whose protocol is PLAINTEXT; Kafka 2.x also writes
   * {@code host}/{@code port} for it, the fallback.
   */
  public static Optional<String> plaintextEndpoint(JsonNode registration) {
    return listenerEndpoint(registration, INTERNAL).or(() -> plaintextOnly(registration));
  }

  /** Where the scheduler's clients connect on a secure cluster: the nodes' mTLS listener. */
  public static final String INTERNAL = "INTERNAL";
  /** The secure client listener. */
  public static final String CLIENT = "CLIENT";

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** One advertised listener of a registration. */
  public record Endpoint(String listener, String protocol, String address) {
  }

  /** Every advertised listener of a registration, in its order. */
  public static java.util.List<Endpoint> endpoints(JsonNode registration) {
    JsonNode protocols = registration.path("listener_security_protocol_map");
    java.util.List<Endpoint> out = new java.util.ArrayList<>();
    for (JsonNode endpoint : registration.path("endpoints")) {
      String text = endpoint.asText();
      int sep = text.indexOf("://");
      if (sep > 0) {
        String listener = text.substring(0, sep);
        out.add(new Endpoint(listener, protocols.path(listener).asText(listener),
            text.substring(sep + 3)));
      }
    }
    return out;
  }

  /** Every advertised listener of a registration's JSON text (none when it is not JSON). */
  public static java.util.List<Endpoint> endpoints(String registrationJson) {
    try {
      return endpoints(JSON.readTree(registrationJson));
    } catch (java.io.IOException | RuntimeException e) {
      return java.util.List.of();
    }
  }

  /** The address of a registration's listener {@code name}. */
  public static Optional<String> listenerEndpoint(JsonNode registration, String name) {
    return endpoints(registration).stream().filter(e -> e.listener().equals(name))
        .map(Endpoint::address).findFirst();
  }

  /**
   * Where the scheduler's own clients reach a broker of this registration's JSON: its
   * {@code INTERNAL} listener on a secure cluster; empty otherwise (the caller's usual address).
   */
  public static Optional<String> adminAddress(String registrationJson) {
    return endpoints(registrationJson).stream().filter(e -> e.listener().equals(INTERNAL))
        .map(Endpoint::address).findFirst();
  }

  /** The address of listener {@code name} in a registration's JSON, empty when it has none. */
  public static Optional<String> listenerAddress(String registrationJson, String name) {
    return endpoints(registrationJson).stream().filter(e -> e.listener().equals(name))
        .map(Endpoint::address).findFirst();
  }

  private static Optional<String> plaintextOnly(JsonNode registration) {
    JsonNode protocols = registration.path("listener_security_protocol_map");
    for (JsonNode endpoint : registration.path("endpoints")) {
      String text = endpoint.asText();
      int sep = text.indexOf("://");
      if (sep <= 0) {
        continue;
      }
      String listener = text.substring(0, sep);
      String protocol = protocols.path(listener).asText(listener);
      if (protocol.equals("PLAINTEXT")) {
        return Optional.of(text.substring(sep + 3));
      }
    }
    if (registration.hasNonNull("host") && registration.path("port").asInt(-1) > 0) {
      return Optional.of(registration.get("host").asText() + ":" + registration.get("port").asInt());
    }
    return Optional.empty();
  }
}
